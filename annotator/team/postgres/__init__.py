"""The PostgreSQL backend: one project on a database server for a team on several machines.

Local first: every change is in the annotator's journal (fsync'd) before it is sent, so a
server that cannot be reached loses nothing; changes are sent idempotently by their change id
and ordered by the server's sequence (docs/team.md, "a team on several machines").
"""
