"""What a team shares: documents routed to annotators (overlap, leases, progress, the review
queue) behind one interface, with a files backend and a PostgreSQL backend."""
