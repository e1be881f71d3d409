/**
 * Seeded weight initializers: the book's constant standard deviation, Xavier and He, behind one
 * small interface that layers take at construction.
 */
package gradgraph.models.init;
