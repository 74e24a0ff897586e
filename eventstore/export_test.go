package eventstore

// Unchained makes s append without the hash chain, as appends were before
// it: BenchmarkAppend's "before", measured in the same run.
func Unchained(s *Store) { s.unchained = true }
