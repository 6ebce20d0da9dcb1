// Package digest implements CloudTrail log file integrity validation:
// the signed, chained digest files CloudTrail delivers beside a trail's
// log files, and their validation as `aws cloudtrail validate-logs`
// performs it.
//
// The format follows AWS's documentation ("CloudTrail digest file
// structure" and "Custom implementations of CloudTrail log file
// integrity validation" in the CloudTrail User Guide) and the AWS CLI's
// validator (awscli/customizations/cloudtrail/validation.py):
//
//   - A digest is gzipped JSON stored at
//     [prefix/]AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
//     <account>_CloudTrail-Digest_<region>_<trail>_<home-region>_<YYYYMMDDTHHmmssZ>.json.gz,
//     the date and time being the digest's end time (UTC).
//   - Its fields: awsAccountId, digestStartTime, digestEndTime,
//     digestS3Bucket, digestS3Object, digestPublicKeyFingerprint,
//     digestSignatureAlgorithm ("SHA256withRSA"), newestEventTime,
//     oldestEventTime, previousDigestS3Bucket, previousDigestS3Object,
//     previousDigestHashValue, previousDigestHashAlgorithm ("SHA-256"),
//     previousDigestSignature, and logFiles: [{s3Bucket, s3Object,
//     hashValue, hashAlgorithm ("SHA-256"), newestEventTime,
//     oldestEventTime}]. Times are "2006-01-02T15:04:05Z". The previous*
//     fields are null in a starting digest (no previous one); the
//     digest-level event times are null when logFiles is empty.
//   - A log file's hashValue is the hex SHA-256 of its uncompressed
//     content; previousDigestHashValue is the hex SHA-256 of the previous
//     digest's uncompressed JSON.
//   - The signature is RSA PKCS #1 v1.5 over SHA-256 (SHA256withRSA) of
//     the data signing string
//     digestEndTime + "\n" + digestS3Bucket + "/" + digestS3Object + "\n" +
//     hex(sha256(uncompressed digest JSON)) + "\n" + previousDigestSignature
//     (the literal "null" in a starting digest), hex encoded and stored in
//     the object's user metadata "signature" (x-amz-meta-signature), with
//     "signature-algorithm" = "SHA256withRSA".
//   - The public key is served by ListPublicKeys as the DER of a PKCS #1
//     RSAPublicKey; its fingerprint (digestPublicKeyFingerprint) is the
//     hex MD5 of that DER (as AWS's published ListPublicKeys example
//     shows; see TestFingerprintOfAWSExample).
//
// Validation walks each region's digests newest to oldest along the
// previousDigest links, checks each digest's location, its signature with
// the key its fingerprint names, and that its hash and signature are the
// ones the later digest recorded; then the SHA-256 of every log file a
// valid digest lists. A digest a later digest names but that is missing
// is reported as deleted, and the walk resumes at the next older digest
// found in the bucket, as the AWS CLI does. The log files of a digest
// that does not validate are not checked (its list cannot be trusted).
//
// Not covered: organization trails (AWSLogs/<org-id>/<account>/...) and
// backfill digests (..._backfill.json.gz).
package digest
