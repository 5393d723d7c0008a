package dev.evenhand.exchange;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Says in a few words why a file could not be read or written, for one-line messages to the user. */
public final class FileProblems {
  private FileProblems() {}

  /**
   * @param e a failure from {@link java.nio.file.Files} or a stream on a file
   * @return the reason without the path, e.g. {@code permission denied}, {@code no such file or folder},
   *     {@code is a folder}, {@code No space left on device} (the operating system's words when Java names no kind)
   */
  public static String why(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or folder";
    if (e instanceof NotDirectoryException) return "a file stands where a folder is needed";
    if (e instanceof FileAlreadyExistsException) return "a file of that name is in the way";
    if (e instanceof DirectoryNotEmptyException) return "a folder of that name is in the way";
    if (e instanceof FileSystemException f) {
      String reason = f.getReason();
      if (reason != null && !reason.isBlank()) {
        if (reason.equals("Is a directory")) return "is a folder";
        return reason;
      }
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
