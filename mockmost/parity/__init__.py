"""Parity with a running Mattermost: scenarios recorded on the real server, replayed against mockmost.

`mockmost parity record | check | diff`; see README "How faithful is it?".
"""
