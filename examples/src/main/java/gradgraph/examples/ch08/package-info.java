/**
 * Chapter 8: deep learning: the VGG-like DeepConvNet trained with augmentation, its mistakes, and
 * inference in half precision; and transfer learning, a pretrained network's frozen features under
 * a new head.
 */
package gradgraph.examples.ch08;
