// Package partition computes the partitions of partitioned tables: Athena
// partition projection for tables whose TBLPROPERTIES set
// 'projection.enabled'='true', and Hive-style partition paths
// (k1=v1/k2=v2) for tables whose partitions are registered or discovered
// by MSCK REPAIR TABLE.
//
// Partition projection follows Athena's documented behaviour
// (https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html):
// the projection types enum, integer, date and injected with their
// properties (values, range, interval, digits, format, interval.unit),
// relative date ranges (NOW, NOW-3YEARS), dates in UTC,
// storage.location.template with a ${col} placeholder for every partition
// column, or the default layout LOCATION/col=value/. Parse reads a table's
// configuration; Values lists the candidate values of one column narrowed
// by a Hint that the planner derives from the query's predicates; Location
// maps a partition's values to the directory holding its files; Typed turns
// a value into the column's physical value so the engine can evaluate the
// full predicate on the candidates.
//
// Values never drops a value that satisfies its hint. Date projections with
// an order-preserving format (yyyy/MM/dd, yyyy-MM-dd-HH, ...) and typed
// date, timestamp or integer columns are narrowed by binary search, so a
// month of an hourly projection over years costs a few hundred values, not
// the whole range. No query may project more than MaxPartitions partitions.
//
// Errors are *sqlerr.Error values: HIVE_PARTITION_PROJECTION_ERROR for
// configuration and limit errors, CONSTRAINT_VIOLATION for an injected
// column without equality predicates (Athena's error),
// HIVE_INVALID_PARTITION_VALUE for values that do not convert.
package partition
