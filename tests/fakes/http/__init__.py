"""Loopback HTTP fakes of third-party services, built from the recorded contracts in contracts/."""
