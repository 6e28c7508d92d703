// C helpers for package ogr. Each helper wraps one sequence of GDAL calls
// in a single cgo call: it resets GDAL's thread-local error state, pushes a
// handler that collects warnings into an ogrw_log, runs the sequence, and
// copies the last error message into the log before popping the handler.
// Because all of it runs inside one C call, it stays on one OS thread and
// the Go side needs no runtime.LockOSThread.

#ifndef GIGAPLAN_OGR_WRAP_H
#define GIGAPLAN_OGR_WRAP_H

#include <stddef.h>
#include <stdlib.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <cpl_http.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "gdal_dl.h"

#define OGRW_NWARN 8
#define OGRW_MSGLEN 512
#define OGRW_ERRLEN 1024

// ogrw_log collects what GDAL reports during the calls of one object.
typedef struct {
	char err[OGRW_ERRLEN];              // last error message of the last call, "" if none
	int nwarn;                          // warnings seen so far
	char warn[OGRW_NWARN][OGRW_MSGLEN]; // ring buffer of the last warnings
} ogrw_log;

// ogrw_feature is one feature copied out of GDAL.
typedef struct {
	long long fid;
	int nfields;
	char **values;       // nfields entries, NULL for unset or null fields
	unsigned char *wkb;  // ISO WKB, 2D, linear; NULL without geometry
	size_t wkblen;
} ogrw_feature;

void ogrw_init(void);

const char *ogrw_identify(const char *path, char **allowed, ogrw_log *log);
GDALDatasetH ogrw_open(const char *path, const char *driver, char **options, ogrw_log *log);
void ogrw_close(GDALDatasetH ds, ogrw_log *log);
char **ogrw_layer_fields(OGRLayerH layer);
int ogrw_set_interest(GDALDatasetH ds, const char *layer, ogrw_log *log);
void ogrw_reset_reading(OGRLayerH layer, ogrw_log *log);
int ogrw_next(OGRLayerH layer, ogrw_feature *f, ogrw_log *log);
void ogrw_feature_clear(ogrw_feature *f);
int ogrw_vsimem_file(const char *dir, const char *name, const void *data, size_t len);
int ogrw_stat(const char *path);

OGRSpatialReferenceH ogrw_layer_srs(OGRLayerH layer);
OGRSpatialReferenceH ogrw_srs_from_input(const char *input, ogrw_log *log);
char *ogrw_srs_wkt(OGRSpatialReferenceH srs);
int ogrw_srs_epsg(OGRSpatialReferenceH srs);
OGRCoordinateTransformationH ogrw_new_to_wgs84(OGRSpatialReferenceH src, ogrw_log *log);
OGRCoordinateTransformationH ogrw_new_wgs84(OGRSpatialReferenceH src, int inverse, ogrw_log *log);
int ogrw_transform(OGRCoordinateTransformationH ct, int n, double *x, double *y, int *ok, ogrw_log *log);

char *ogrw_http_probe(const char *url);

// GDAL functions the Go side calls: cgo cannot call through the pointers
// of gdal_dl.h itself.
static inline char **ogrw_CSLAddString(char **l, const char *s) { return CSLAddString(l, s); }
static inline int ogrw_CSLCount(char **l) { return CSLCount((CSLConstList)l); }
static inline void ogrw_CSLDestroy(char **l) { CSLDestroy(l); }
static inline void ogrw_VSIFree(void *p) { VSIFree(p); }
static inline char **ogrw_VSIReadDirRecursive(const char *dir) { return VSIReadDirRecursive(dir); }
static inline int ogrw_VSIRmdirRecursive(const char *dir) { return VSIRmdirRecursive(dir); }
static inline int ogrw_GDALDatasetGetLayerCount(GDALDatasetH ds) { return GDALDatasetGetLayerCount(ds); }
static inline OGRLayerH ogrw_GDALDatasetGetLayer(GDALDatasetH ds, int i) { return GDALDatasetGetLayer(ds, i); }
static inline const char *ogrw_GDALGetMetadataItem(GDALMajorObjectH o, const char *name, const char *domain)
{
	return GDALGetMetadataItem(o, name, domain);
}
static inline const char *ogrw_OGR_L_GetName(OGRLayerH l) { return OGR_L_GetName(l); }
static inline OGRwkbGeometryType ogrw_layer_geom_type(OGRLayerH l) { return OGR_GT_Flatten(OGR_L_GetGeomType(l)); }
static inline GIntBig ogrw_OGR_L_GetFeatureCount(OGRLayerH l, int force) { return OGR_L_GetFeatureCount(l, force); }
static inline void ogrw_OSRRelease(OGRSpatialReferenceH s) { OSRRelease(s); }
static inline int ogrw_OSRIsGeographic(OGRSpatialReferenceH s) { return OSRIsGeographic(s); }
static inline int ogrw_OSRGetAxesCount(OGRSpatialReferenceH s) { return OSRGetAxesCount(s); }
static inline const char *ogrw_OSRGetName(OGRSpatialReferenceH s) { return OSRGetName(s); }
static inline void ogrw_OCTDestroyCoordinateTransformation(OGRCoordinateTransformationH t)
{
	OCTDestroyCoordinateTransformation(t);
}

#endif
