#!/usr/bin/env python3
"""Extracts Jane Austen's "Persuasion" (1818) from the Debian package r-cran-janeaustenr.

The package (MIT licence, by Julia Silge) holds the Project Gutenberg texts of Austen's six
novels, with Gutenberg's header and licence boilerplate removed, as R character vectors (one
element per line) in an R lazy-load database, data/Rdata.rdb. This script reads that file without
R: each entry is a 4-byte big-endian length and a zlib stream of an R serialization (XDR format),
here a STRSXP of CHARSXPs. It writes the vector that starts with "Persuasion", one element per
line, as persuasion.txt (ASCII, about 467 KB, 83 000 words). The novel is in the public domain.

Usage:
  apt-get download r-cran-janeaustenr && dpkg-deb -x r-cran-janeaustenr_*.deb pkg
  python3 models/scripts/make-austen-text.py pkg/usr/lib/R/site-library/janeaustenr/data/Rdata.rdb
"""
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "main", "resources", "gradgraph", "datasets", "text")


def entries(data):
    """Yields every decompressed entry of an R lazy-load database."""
    off = 0
    while off < len(data):
        d = zlib.decompressobj()
        raw = d.decompress(data[off + 4:])
        yield raw
        off = len(data) - len(d.unused_data)


def strings(raw):
    """Returns the elements of a serialized character vector, or None for another type."""
    p = 2  # "X\n"
    version, = struct.unpack(">i", raw[p:p + 4])
    p += 12
    if version == 3:
        n, = struct.unpack(">i", raw[p:p + 4])
        p += 4 + n  # native encoding name
    flags, = struct.unpack(">i", raw[p:p + 4])
    p += 4
    if flags & 0xFF != 16:  # STRSXP
        return None
    n, = struct.unpack(">i", raw[p:p + 4])
    p += 4
    out = []
    for _ in range(n):
        p += 4  # CHARSXP flags
        length, = struct.unpack(">i", raw[p:p + 4])
        p += 4
        if length < 0:
            out.append("")
            continue
        out.append(raw[p:p + length].decode("utf-8"))
        p += length
    return out


def main():
    rdb = sys.argv[1]
    for raw in entries(open(rdb, "rb").read()):
        lines = strings(raw)
        if lines and lines[0] == "Persuasion":
            with open(os.path.join(OUT, "persuasion.txt"), "w", encoding="ascii") as f:
                f.write("\n".join(lines) + "\n")
            return
    sys.exit("no vector starting with 'Persuasion' in " + rdb)


if __name__ == "__main__":
    main()
