"""Files people take away: table exports, chart images, the meeting deck and import templates (pure)."""
