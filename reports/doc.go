// Package reports produces what leaves Gigaplan: the council workbook, the
// funding-application workbook (excelize, the only package that uses it),
// and CSV, GeoJSON and mail-merge exports for GIS and letters.
//
// Every report is a function call writing to an io.Writer, so the CLI and
// the web pages produce the same files.
package reports
