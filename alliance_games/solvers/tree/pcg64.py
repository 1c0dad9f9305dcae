"""numpy's default random generator, for a few uniform draws, without ``numpy.random``.

The sequence-form Lemke path perturbs its right-hand side by uniform draws from
``numpy.random.default_rng(seed)`` (:mod:`.sequence_lcp`). Importing ``numpy.random``
costs about 10 ms of CPU and 15-30 ms of wall time (it loads ``secrets``, ``hmac`` and
``hashlib`` too), a tenth of a whole ``solve`` of a small catalog tree (issue 13,
goal 6), which draws a few dozen numbers. :func:`uniform_draws` gives the same floats,
bit for bit (tests/test_sequence_lcp.py checks it against numpy): the seed goes through
numpy's ``SeedSequence`` (O'Neill's seed_seq hash: a pool of four 32-bit words, mixed),
which yields the 128-bit state and increment of the ``PCG64`` generator (permuted
congruential, XSL-RR output); a draw from ``uniform(1, 2)`` is ``1 + (u >> 11) 2^-53``
for the next 64-bit output ``u``.

References
----------
M. E. O'Neill, "PCG: A family of simple fast space-efficient statistically good
algorithms for random number generation", Harvey Mudd College, HMC-CS-2014-0905, 2014.
NumPy, ``numpy/random/bit_generator.pyx`` (SeedSequence) and
``numpy/random/src/pcg64/pcg64.h`` (PCG64).
"""

from __future__ import annotations

__all__ = ["uniform_draws"]

_M32 = 0xFFFFFFFF
_M64 = (1 << 64) - 1
_M128 = (1 << 128) - 1
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645


def _seed_words(seed: int) -> list[int]:
    """SeedSequence: the pool of four 32-bit words mixed from ``seed``, then eight
    32-bit words of generated state."""
    if seed < 0:
        raise ValueError("the seed must be non-negative")
    entropy = []
    while True:
        entropy.append(seed & _M32)
        seed >>= 32
        if not seed:
            break
    const = _INIT_A

    def hashmix(value: int) -> int:
        nonlocal const
        value ^= const
        const = (const * _MULT_A) & _M32
        value = (value * const) & _M32
        return value ^ (value >> 16)

    def mix(x: int, y: int) -> int:
        r = (_MIX_L * x - _MIX_R * y) & _M32
        return r ^ (r >> 16)

    pool = [hashmix(entropy[i] if i < len(entropy) else 0) for i in range(4)]
    for src in range(4):
        for dst in range(4):
            if src != dst:
                pool[dst] = mix(pool[dst], hashmix(pool[src]))
    for src in range(4, len(entropy)):
        for dst in range(4):
            pool[dst] = mix(pool[dst], hashmix(entropy[src]))
    out, const_b = [], _INIT_B
    for i in range(8):
        value = pool[i % 4] ^ const_b
        const_b = (const_b * _MULT_B) & _M32
        value = (value * const_b) & _M32
        out.append(value ^ (value >> 16))
    return out


def uniform_draws(seed: int, counts: list[int]) -> list[list[float]]:
    """``[rng.uniform(1.0, 2.0, n) for n in counts]`` for
    ``rng = numpy.random.default_rng(seed)``, as lists of floats."""
    w = _seed_words(seed)
    # generate_state(4, uint64): little-endian pairs of 32-bit words
    s0, s1, i0, i1 = (w[2 * k] | (w[2 * k + 1] << 32) for k in range(4))
    init_state, init_seq = (s0 << 64) | s1, (i0 << 64) | i1
    inc = ((init_seq << 1) | 1) & _M128
    state = inc  # step from 0
    state = (state + init_state) & _M128
    state = (state * _PCG_MULT + inc) & _M128
    out = []
    for n in counts:
        draws = []
        for _ in range(n):
            state = (state * _PCG_MULT + inc) & _M128
            rot = state >> 122
            x = ((state >> 64) ^ state) & _M64
            u = ((x >> rot) | (x << ((-rot) & 63))) & _M64
            draws.append(1.0 + (u >> 11) * (1.0 / 9007199254740992.0))
        out.append(draws)
    return out
