namespace Ablation.Training.Torch;

/// <summary>A libtorch call failed; the message is libtorch's own, without its C++ backtrace.</summary>
public sealed class TorchException(string message) : Exception(message);

/// <summary>The native shim or libtorch could not be loaded; the message lists every path tried.</summary>
public sealed class TorchNotFoundException(string message) : Exception(message);
