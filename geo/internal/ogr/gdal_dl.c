// Opening GDAL with dlopen (see gdal_fns.h).

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrap.h"

#define OGRW_FN(f) __typeof__(f) *ogrw_p_##f;
#include "gdal_fns.h"
#undef OGRW_FN

static const struct {
	const char *name;
	void **p;
} fns[] = {
#define OGRW_FN(f) {#f, (void **)&ogrw_p_##f},
#include "gdal_fns.h"
#undef OGRW_FN
};

int ogrw_load(char *err, size_t errlen)
{
	// The library of the GDAL the package was compiled against: GDAL 3.x
	// is libgdal.so.(26 + x); else the development link.
	char soname[32] = "libgdal.so";
	if (GDAL_VERSION_MAJOR == 3) {
		snprintf(soname, sizeof soname, "libgdal.so.%d", 26 + GDAL_VERSION_MINOR);
	}
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		h = dlopen("libgdal.so", RTLD_NOW | RTLD_LOCAL);
	}
	if (h == NULL) {
		const char *e = dlerror();
		snprintf(err, errlen, "cannot load GDAL %s (%s): %s", GDAL_RELEASE_NAME, soname, e != NULL ? e : "?");
		return -1;
	}
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		*fns[i].p = dlsym(h, fns[i].name);
		if (*fns[i].p == NULL) {
			snprintf(err, errlen, "GDAL has no function %s", fns[i].name);
			return -1;
		}
	}
	// The headers' structures and enums must be the library's.
	const char *v = GDALVersionInfo("VERSION_NUM");
	long num = v != NULL ? strtol(v, NULL, 10) : 0;
	if (num / 10000 != GDAL_VERSION_NUM / 10000) {
		snprintf(err, errlen, "GDAL %s loaded, the package was built for %s", GDALVersionInfo("RELEASE_NAME"),
			 GDAL_RELEASE_NAME);
		return -1;
	}
	return 0;
}
