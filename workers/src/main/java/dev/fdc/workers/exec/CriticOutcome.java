package dev.fdc.workers.exec;

import dev.fdc.protocol.v1.CriticResult;

/** A trained critic's flat parameters and its summary (held-out value E_p φ − E_pre φ). */
public record CriticOutcome(CriticResult summary, float[] parameters) {}
