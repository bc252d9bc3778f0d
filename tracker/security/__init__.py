"""Who gets in, and what they leave behind: the admin's second factor, sign-in lockout and
its log, and the headers that keep protected responses out of caches.

docs/security.md is the threat model this package answers.
"""
