package auth

// CachingTokens reports whether u trusts cached token lookups now, that is
// whether its revocation listener listens.
func CachingTokens(u *Users) bool { return u.revocations.listening.Load() }

// CacheGeneration is the number of times u's token cache was voided.
func CacheGeneration(u *Users) uint64 { return u.tokens.generation.Load() }
