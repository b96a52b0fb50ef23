// Graphviz's layout-and-render library, used in-process to turn DOT text into SVG/PNG.
#include <graphviz/gvc.h>
