"""The HTTP layer: the Starlette app, its endpoints and guards. Domain packages know no HTTP."""
