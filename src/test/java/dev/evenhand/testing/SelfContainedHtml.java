package dev.evenhand.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Checks a report page for anything it would load or open from outside itself. */
public final class SelfContainedHtml {
  private SelfContainedHtml() {}

  /**
   * Checks that a page refers to nothing outside itself: no element loads or links anything (src, href other
   * than a fragment, srcset, data, poster, action), no link, script, iframe, object, embed or base element, no
   * url() or @import in its styles, no http(s) address but the SVG namespace name.
   */
  public static void check(String html, Document doc) {
    assertThat(doc.select("link, script, iframe, object, embed, base, img, audio, video, source")).as("nothing loaded").isEmpty();
    for (Element e : doc.getAllElements()) {
      for (org.jsoup.nodes.Attribute a : e.attributes()) {
        String k = a.getKey().toLowerCase(java.util.Locale.ROOT);
        if (k.equals("href") || k.endsWith(":href")) assertThat(a.getValue()).as(e.tagName() + " " + k).startsWith("#");
        assertThat(k).as(e.tagName()).isNotIn("src", "srcset", "data", "poster", "action", "background", "style");
      }
    }
    assertThat(html).doesNotContain("url(", "@import");
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://", "//cdn", "file:");
  }

}
