"""Statutory guidance shipped as versioned data (category sets and decision graphs).

Read through ``safelog.guidance``; files here are data only.
"""
