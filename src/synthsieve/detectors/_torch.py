"""Torch helpers shared by the MLP detector and the torch generators.

torch is imported inside each helper, so ``import synthsieve`` stays cheap.
"""

from __future__ import annotations

import contextlib
import math

from .._warn import SynthsieveWarning, warn

__all__ = ["DeviceWarning", "build_module", "resolve_device", "single_torch_thread"]


class DeviceWarning(SynthsieveWarning):
    """The requested torch device is not available; another one is used."""


def resolve_device(device: str) -> str:
    """Translate the `device` parameter into the torch device used for training."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        warn(
            "device='cuda' was requested but CUDA is not available; training on "
            "the CPU instead. Pass device='auto' or device='cpu' to silence this "
            "warning.",
            DeviceWarning,
        )
        return "cpu"
    return device


@contextlib.contextmanager
def single_torch_thread():
    """Run torch on one intra-op thread, restoring the caller's setting after.

    The networks are so small that more threads only add synchronisation (see
    ``docs/benchmarks-speed.md``).
    """
    import torch

    previous = torch.get_num_threads()
    if previous != 1:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if previous != 1:
            torch.set_num_threads(previous)


def build_module(n_in, hidden, n_out, negative_slope, generator):
    """LeakyReLU MLP with He-uniform hidden weights, Glorot-uniform output, 0 bias.

    Layers are created without their default initialisation (which would draw from
    torch's global generator) and initialised from the local `generator` instead.
    """
    import torch
    from torch import nn

    layers = []
    sizes = [n_in, *hidden, n_out]
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = nn.utils.skip_init(nn.Linear, fan_in, fan_out)
        if i < len(sizes) - 2:
            gain_sq = 2.0 / (1.0 + negative_slope**2)
            bound = math.sqrt(3.0 * gain_sq / fan_in)
        else:
            bound = math.sqrt(6.0 / (fan_in + fan_out))
        with torch.no_grad():
            linear.weight.uniform_(-bound, bound, generator=generator)
            linear.bias.zero_()
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(nn.LeakyReLU(negative_slope))
    return nn.Sequential(*layers)
