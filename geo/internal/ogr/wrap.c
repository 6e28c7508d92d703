// stat64, which GDAL's VSIStatBufL is on Linux.
#define _LARGEFILE64_SOURCE 1

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrap.h"

// handler collects warnings and the last failure of the calls between
// begin and end. GDAL keeps the handler stack per thread.
static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum no, const char *msg)
{
	(void)no;
	ogrw_log *log = (ogrw_log *)CPLGetErrorHandlerUserData();
	if (log == NULL || msg == NULL) {
		return;
	}
	if (cls >= CE_Failure) {
		snprintf(log->err, OGRW_ERRLEN, "%s", msg);
	} else if (cls == CE_Warning) {
		snprintf(log->warn[log->nwarn % OGRW_NWARN], OGRW_MSGLEN, "%s", msg);
		log->nwarn++;
	}
}

static void begin(ogrw_log *log)
{
	if (log != NULL) {
		log->err[0] = '\0';
	}
	CPLErrorReset();
	CPLPushErrorHandlerEx(handler, log);
}

static void end(ogrw_log *log)
{
	CPLPopErrorHandler();
	// A failure reported while another handler was on top of ours (GDAL
	// pushes its own now and then) is still the thread's last error.
	if (log != NULL && log->err[0] == '\0' && CPLGetLastErrorType() >= CE_Failure) {
		snprintf(log->err, OGRW_ERRLEN, "%s", CPLGetLastErrorMsg());
	}
}

// no_network answers every CPLHTTPFetch (schema downloads, SRS look-ups by
// URL, ...) with an error, so nothing the package opens touches the network.
static CPLHTTPResult *no_network(const char *url, CSLConstList options, GDALProgressFunc progress,
				 void *progress_arg, CPLHTTPFetchWriteFunc write, void *write_arg, void *user)
{
	(void)progress;
	(void)progress_arg;
	(void)write;
	(void)write_arg;
	(void)user;
	CPLHTTPResult *r = (CPLHTTPResult *)CPLCalloc(1, sizeof(CPLHTTPResult));
	r->nStatus = 1;
	r->pszErrBuf = CPLStrdup(CPLSPrintf("network access is disabled: %s", url != NULL ? url : ""));
	if (CSLFetchNameValue(options, "CLOSE_PERSISTENT") == NULL) {
		CPLError(CE_Failure, CPLE_AppDefined, "%s", r->pszErrBuf);
	}
	return r;
}

void ogrw_init(void)
{
	CPLSetErrorHandler(CPLQuietErrorHandler);
	CPLSetConfigOption("GDAL_PAM_ENABLED", "NO");
	CPLSetConfigOption("GML_DOWNLOAD_WFS_SCHEMA", "NO");
	CPLSetConfigOption("GML_SKIP_RESOLVE_ELEMS", "ALL");
	// "SET interest_layers = points" (or = lines) makes the OSM driver stop
	// indexing nodes (ways) for good, so a later pass over lines or
	// multipolygons finds no geometry; set, these options keep the indexes.
	CPLSetConfigOption("OSM_INDEX_POINTS", "YES");
	CPLSetConfigOption("OSM_USE_POINTS_INDEX", "YES");
	CPLSetConfigOption("OSM_INDEX_WAYS", "YES");
	CPLSetConfigOption("OSM_USE_WAYS_INDEX", "YES");
	CPLHTTPSetFetchCallback(no_network, NULL);
	OSRSetPROJEnableNetwork(0);
	GDALAllRegister();
}

const char *ogrw_identify(const char *path, char **allowed, ogrw_log *log)
{
	begin(log);
	GDALDriverH drv = GDALIdentifyDriverEx(path, GDAL_OF_VECTOR, (const char *const *)allowed, NULL);
	end(log);
	return drv != NULL ? GDALGetDriverShortName(drv) : NULL;
}

GDALDatasetH ogrw_open(const char *path, const char *driver, char **options, ogrw_log *log)
{
	const char *only[2] = {driver, NULL};
	begin(log);
	GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, only,
				     (const char *const *)options, NULL);
	end(log);
	return ds;
}

void ogrw_close(GDALDatasetH ds, ogrw_log *log)
{
	begin(log);
	GDALClose(ds);
	end(log);
}

char **ogrw_layer_fields(OGRLayerH layer)
{
	OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
	int n = OGR_FD_GetFieldCount(defn);
	char **names = (char **)CPLCalloc(n + 1, sizeof(char *));
	for (int i = 0; i < n; i++) {
		names[i] = CPLStrdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
	}
	return names;
}

// ogrw_set_interest makes the OSM driver read only layer, from the start.
int ogrw_set_interest(GDALDatasetH ds, const char *layer, ogrw_log *log)
{
	begin(log);
	OGRLayerH res = GDALDatasetExecuteSQL(ds, CPLSPrintf("SET interest_layers = %s", layer), NULL, NULL);
	if (res != NULL) {
		GDALDatasetReleaseResultSet(ds, res);
	}
	// The layer's own ResetReading is a no-op before it has read a
	// feature; the dataset's rewinds the parser and drops buffered
	// features of all layers.
	GDALDatasetResetReading(ds);
	end(log);
	return log == NULL || log->err[0] == '\0';
}

void ogrw_reset_reading(OGRLayerH layer, ogrw_log *log)
{
	begin(log);
	OGR_L_ResetReading(layer);
	end(log);
}

void ogrw_feature_clear(ogrw_feature *f)
{
	if (f->values != NULL) {
		for (int i = 0; i < f->nfields; i++) {
			CPLFree(f->values[i]);
		}
		CPLFree(f->values);
	}
	CPLFree(f->wkb);
	memset(f, 0, sizeof(*f));
}

// ogrw_next reads the next feature of layer into f: 1 for a feature, 0 at
// the end of the layer, -1 on an error (the message is in log->err).
int ogrw_next(OGRLayerH layer, ogrw_feature *f, ogrw_log *log)
{
	ogrw_feature_clear(f);
	begin(log);
	OGRFeatureH feat = OGR_L_GetNextFeature(layer);
	if (feat == NULL) {
		end(log);
		return log->err[0] != '\0' ? -1 : 0;
	}
	f->fid = OGR_F_GetFID(feat);
	f->nfields = OGR_F_GetFieldCount(feat);
	f->values = (char **)CPLCalloc(f->nfields + 1, sizeof(char *));
	for (int i = 0; i < f->nfields; i++) {
		if (OGR_F_IsFieldSetAndNotNull(feat, i)) {
			f->values[i] = CPLStrdup(OGR_F_GetFieldAsString(feat, i));
		}
	}
	OGRGeometryH g = OGR_F_StealGeometry(feat);
	if (g != NULL && OGR_G_HasCurveGeometry(g, TRUE)) {
		OGRGeometryH lin = OGR_G_GetLinearGeometry(g, 0, NULL);
		OGR_G_DestroyGeometry(g);
		g = lin;
	}
	if (g != NULL) {
		OGR_G_FlattenTo2D(g);
		size_t n = OGR_G_WkbSizeEx(g);
		f->wkb = (unsigned char *)CPLMalloc(n);
		if (OGR_G_ExportToIsoWkb(g, wkbNDR, f->wkb) == OGRERR_NONE) {
			f->wkblen = n;
		} else {
			CPLFree(f->wkb);
			f->wkb = NULL;
		}
		OGR_G_DestroyGeometry(g);
	}
	OGR_F_Destroy(feat);
	end(log);
	return 1;
}

// ogrw_vsimem_file creates the folder dir and the file dir/name holding a
// copy of data.
int ogrw_vsimem_file(const char *dir, const char *name, const void *data, size_t len)
{
	if (VSIMkdir(dir, 0755) != 0) {
		return 0;
	}
	const char *path = CPLFormFilename(dir, name, NULL);
	GByte *buf = (GByte *)VSIMalloc(len > 0 ? len : 1);
	if (buf == NULL) {
		return 0;
	}
	if (len > 0) {
		memcpy(buf, data, len);
	}
	VSILFILE *fp = VSIFileFromMemBuffer(path, buf, (vsi_l_offset)len, TRUE);
	if (fp == NULL) {
		VSIFree(buf);
		return 0;
	}
	VSIFCloseL(fp);
	return 1;
}

OGRSpatialReferenceH ogrw_layer_srs(OGRLayerH layer)
{
	OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
	return srs != NULL ? OSRClone(srs) : NULL;
}

OGRSpatialReferenceH ogrw_srs_from_input(const char *input, ogrw_log *log)
{
	begin(log);
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	if (OSRSetFromUserInput(srs, input) != OGRERR_NONE) {
		OSRRelease(srs);
		srs = NULL;
	}
	end(log);
	return srs;
}

char *ogrw_srs_wkt(OGRSpatialReferenceH srs)
{
	const char *options[] = {"FORMAT=WKT2_2019", "MULTILINE=NO", NULL};
	char *wkt = NULL;
	begin(NULL);
	if (OSRExportToWktEx(srs, &wkt, options) != OGRERR_NONE) {
		CPLFree(wkt);
		wkt = NULL;
	}
	end(NULL);
	return wkt;
}

static int epsg_of(OGRSpatialReferenceH srs)
{
	const char *auth = OSRGetAuthorityName(srs, NULL);
	const char *code = OSRGetAuthorityCode(srs, NULL);
	if (auth != NULL && code != NULL && EQUAL(auth, "EPSG")) {
		return atoi(code);
	}
	return 0;
}

// ogrw_srs_epsg returns the EPSG code of srs: its own authority code, or
// else the code of the best match from the EPSG database that PROJ rates
// at least 90 % (equivalent, perhaps under another name), or at least 70 %
// when it differs only in the axis order of a geographic CRS
// ("+proj=longlat +datum=WGS84" is EPSG:4326).
int ogrw_srs_epsg(OGRSpatialReferenceH srs)
{
	static const char *const axis_order[] = {"CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", NULL};
	begin(NULL);
	int code = epsg_of(srs);
	if (code == 0) {
		int n = 0;
		int *confidence = NULL;
		OGRSpatialReferenceH *matches = OSRFindMatches(srs, NULL, &n, &confidence);
		for (int i = 0; matches != NULL && confidence != NULL && i < n && code == 0; i++) {
			if (confidence[i] >= 90 ||
			    (confidence[i] >= 70 && OSRIsSameEx(srs, matches[i], axis_order))) {
				code = epsg_of(matches[i]);
			}
		}
		OSRFreeSRSArray(matches);
		CPLFree(confidence);
	}
	end(NULL);
	return code;
}

OGRCoordinateTransformationH ogrw_new_to_wgs84(OGRSpatialReferenceH src, ogrw_log *log)
{
	return ogrw_new_wgs84(src, 0, log);
}

// ogrw_new_wgs84 makes the transformation from src to WGS 84, or from WGS
// 84 to src when inverse is set; x/longitude first on both ends.
OGRCoordinateTransformationH ogrw_new_wgs84(OGRSpatialReferenceH src, int inverse, ogrw_log *log)
{
	begin(log);
	OGRSpatialReferenceH s = OSRClone(src);
	OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
	OGRSpatialReferenceH t = OSRNewSpatialReference(NULL);
	OGRCoordinateTransformationH ct = NULL;
	if (OSRImportFromEPSG(t, 4326) == OGRERR_NONE) {
		OSRSetAxisMappingStrategy(t, OAMS_TRADITIONAL_GIS_ORDER);
		ct = inverse ? OCTNewCoordinateTransformation(t, s) : OCTNewCoordinateTransformation(s, t);
	}
	OSRRelease(s);
	OSRRelease(t);
	end(log);
	return ct;
}

int ogrw_transform(OGRCoordinateTransformationH ct, int n, double *x, double *y, int *ok, ogrw_log *log)
{
	begin(log);
	int all = OCTTransformEx(ct, n, x, y, NULL, ok);
	end(log);
	return all;
}

// ogrw_http_probe fetches url through GDAL's HTTP layer and returns its
// error text (CPLFree it), or NULL when the request succeeded. Tests use it
// to prove that the network is switched off.
char *ogrw_http_probe(const char *url)
{
	begin(NULL);
	CPLHTTPResult *r = CPLHTTPFetch(url, NULL);
	end(NULL);
	char *msg = NULL;
	if (r == NULL) {
		msg = CPLStrdup("no result");
	} else if (r->nStatus != 0 || r->pszErrBuf != NULL) {
		msg = CPLStrdup(r->pszErrBuf != NULL ? r->pszErrBuf : "failed");
	}
	CPLHTTPDestroyResult(r);
	return msg;
}

// ogrw_stat returns -1 if path does not exist, 1 for a folder, 0 else.
int ogrw_stat(const char *path)
{
	VSIStatBufL st;
	if (VSIStatL(path, &st) != 0) {
		return -1;
	}
	return VSI_ISDIR(st.st_mode) ? 1 : 0;
}
