/**
 * Chapter 8: deep learning: the VGG-like DeepConvNet trained with augmentation, its mistakes, and
 * inference in half precision.
 */
package gradgraph.examples.ch08;
