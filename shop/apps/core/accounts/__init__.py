"""Signing in: lockout after wrong passwords, throttled password resets, and
the second factor (a code from an authenticator app) that chamber staff must
give and anyone else may choose."""
