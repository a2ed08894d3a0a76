// Package sigv4check holds only a test: the runtime's SigV4 signer
// (runtime/authgenrt) against aws-sdk-go-v2's, on generated requests. The
// runtime module stays standard-library only; the AWS SDK is a test-only
// dependency of the generator's module.
package sigv4check
