package dev.evenhand.domain;

import java.util.Locale;

/**
 * Where an Ollama URL points: this machine or another host. The GUI says stories leave the machine when it is another
 * host; the "not reachable" message says how to start Ollama here, or to check the other host (OLLAMA.md, kind 10).
 */
public final class OllamaHost {
  private OllamaHost() {}

  /**
   * @param url an Ollama URL such as {@code http://gpu-box:11434}
   * @return the URL's host as written (an IPv6 address in brackets) when it is not this machine; null when it is this
   *     machine, or the text is not a URL with a host
   */
  public static String remoteHost(String url) {
    try {
      String host = java.net.URI.create(url).getHost();
      return host == null || isThisMachine(host) ? null : host;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * @param host a host name or address, an IPv6 address with or without brackets
   * @return true for the loopback names and addresses ({@code localhost}, {@code *.localhost}, {@code 127.x.x.x},
   *     {@code ::1}) and the any-address {@code 0.0.0.0}: the addresses at which an {@code ollama serve} on this machine
   *     answers
   */
  public static boolean isThisMachine(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
        || h.equals("0.0.0.0");
  }
}
