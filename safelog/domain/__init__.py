"""Plain dataclasses, enums and validation rules of SafeLog's core: no database, no Qt."""
