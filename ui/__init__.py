"""SoilDesk's Qt user interface. Widgets receive the core services they need."""
