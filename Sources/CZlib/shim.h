// zlib from Debian's zlib1g-dev; only TabularIO imports this module.
#include <zlib.h>
