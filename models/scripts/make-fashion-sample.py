#!/usr/bin/env python3
"""Makes the small Fashion-MNIST sample bundled with Gradgraph.

Reads the full data set (the Debian package dataset-fashion-mnist puts it in
/usr/share/datasets/fashion-mnist; any directory with the four original files works) and writes
the first 200 training and the first 50 test images of each of the 10 classes, in their original
order, as gzipped IDX files (2 000 + 500 images), next to the data set's licence notice.

The choice is deterministic and the gzip streams carry no timestamp, so running the script again
on the same input gives byte-identical files.

Usage: python3 models/scripts/make-fashion-sample.py [SOURCE_DIR [OUTPUT_DIR]]
"""
import gzip
import os
import struct
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    HERE, "..", "src", "main", "resources", "gradgraph", "datasets", "fashion-mnist-sample")
PER_CLASS = {"train": 200, "t10k": 50}

LICENSE = """\
Fashion-MNIST sample
====================

These files hold a subset of Fashion-MNIST (https://github.com/zalandoresearch/fashion-mnist):
the first 200 training images and the first 50 test images of each of the 10 classes, in their
original order, made by models/scripts/make-fashion-sample.py from the full data set.

Classes: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker,
8 Bag, 9 Ankle boot.

Fashion-MNIST is distributed under the MIT licence:

The MIT License (MIT) Copyright (c) 2017 Zalando SE, https://tech.zalando.com

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def read_idx(path, magic, ndims):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got, = struct.unpack(">I", data[:4])
    if got != magic:
        sys.exit(f"{path}: wrong magic number {got:#010x}, expected {magic:#010x}")
    dims = struct.unpack(">" + "I" * ndims, data[4:4 + 4 * ndims])
    return dims, data[4 + 4 * ndims:]


def write_idx(path, magic, dims, body):
    with open(path, "wb") as raw:
        # mtime=0 and no file name: the same input gives the same bytes
        with gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f:
            f.write(struct.pack(">I", magic))
            f.write(struct.pack(">" + "I" * len(dims), *dims))
            f.write(body)


def main():
    os.makedirs(OUT, exist_ok=True)
    for part, per_class in PER_CLASS.items():
        (n,), labels = read_idx(os.path.join(SRC, f"{part}-labels-idx1-ubyte.gz"), 0x801, 1)
        (n2, rows, cols), images = read_idx(
            os.path.join(SRC, f"{part}-images-idx3-ubyte.gz"), 0x803, 3)
        if n != n2 or len(labels) != n or len(images) != n * rows * cols:
            sys.exit(f"{SRC}: {part}: counts disagree ({n} labels, {n2} images)")
        taken = [0] * 10
        keep = []
        for i, label in enumerate(labels):
            if taken[label] < per_class:
                taken[label] += 1
                keep.append(i)
        size = rows * cols
        write_idx(os.path.join(OUT, f"{part}-labels-idx1-ubyte.gz"), 0x801, [len(keep)],
                  bytes(labels[i] for i in keep))
        write_idx(os.path.join(OUT, f"{part}-images-idx3-ubyte.gz"), 0x803,
                  [len(keep), rows, cols],
                  b"".join(images[i * size:(i + 1) * size] for i in keep))
        print(f"{part}: {len(keep)} images, {per_class} per class")
    with open(os.path.join(OUT, "LICENSE.txt"), "w") as f:
        f.write(LICENSE)
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
