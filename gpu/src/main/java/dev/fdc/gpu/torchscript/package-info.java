/**
 * User models as TorchScript files, both ways. {@link dev.fdc.gpu.torchscript.TorchScriptModule}
 * loads a {@code torch.jit.save} archive through DJL with trainable parameters (a {@link
 * dev.fdc.gpu.model.ParameterSet} over the module's own tensors) and a forward pass recorded by
 * per-thread autograd; {@link dev.fdc.gpu.torchscript.TorchScriptVelocityField} and {@link
 * dev.fdc.gpu.torchscript.TorchScriptReward} adapt such modules to fdc's velocity-field and
 * reward interfaces. {@link dev.fdc.gpu.torchscript.TorchScriptWriter} writes fdc's MLPs as
 * TorchScript archives (ZIP container, pickled module object, TorchScript source, raw storages)
 * without Python, for PyTorch users and for tests.
 */
package dev.fdc.gpu.torchscript;
