"""Tests of flows/readers."""
