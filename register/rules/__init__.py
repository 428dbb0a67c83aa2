"""Field rules for trainees, placements and degrees; services call them and raise their messages as one 422."""
