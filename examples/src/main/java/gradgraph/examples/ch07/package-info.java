/** Chapter 7: convolutional networks: SimpleConvNet and what its first layer learns. */
package gradgraph.examples.ch07;
