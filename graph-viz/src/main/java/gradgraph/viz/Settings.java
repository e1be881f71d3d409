package gradgraph.viz;

/** A diagram's options once the automatic ones are resolved. */
record Settings(
    Style style,
    boolean values,
    boolean gradients,
    boolean shapes,
    Rankdir rankdir,
    int budget,
    boolean expandScopes,
    int scopeDepth,
    boolean legend,
    String title) {}
