/**
 * Safe file output shared by every module: {@link gradgraph.core.io.AtomicFiles} writes a file
 * through a temporary file and one rename, writes only regular files (a symbolic link is written
 * through to its target; a directory, device or pipe is refused), and removes the temporary files
 * that a killed process of ours left behind.
 */
package gradgraph.core.io;
