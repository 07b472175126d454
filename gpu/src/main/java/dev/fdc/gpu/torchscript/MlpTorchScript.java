package dev.fdc.gpu.torchscript;

import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.TimeInput;

/**
 * The TorchScript source and module pickle of an MLP: a top-level module whose children
 * {@code "0"}, {@code "2"}, … are PyTorch {@code nn.Linear} modules (so its {@code state_dict}
 * and {@code named_parameters} read {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, … like
 * an {@code nn.Sequential} of Linear/activation pairs, and like fdc's {@code Mlp}), with the
 * activations written inline in {@code forward}.
 */
final class MlpTorchScript {

    /** TorchScript qualifier of fdc's exported classes; the class file is {@code code/__torch__/fdc.py}. */
    static final String QUALIFIER = "__torch__.fdc";
    /** PyTorch's own qualified name of {@code nn.Linear}. */
    static final String LINEAR_QUALIFIER = "__torch__.torch.nn.modules.linear";

    /** What the module computes from its inputs. */
    enum Kind {
        /** forward(x [B, d], t [B] or [B, 1]) → v [B, d] = net([x, f(t)]). */
        VELOCITY("MlpVelocity"),
        /** forward(x [B, d]) → r [B] = net(x)[:, 0]. */
        REWARD("MlpReward");

        final String className;

        Kind(String className) {
            this.className = className;
        }
    }

    private MlpTorchScript() {}

    /** The source of {@code code/__torch__/torch/nn/modules/linear.py}. */
    static String linearSource() {
        return """
                class Linear(Module):
                  __parameters__ = ["weight", "bias", ]
                  __buffers__ = []
                  weight : Tensor
                  bias : Tensor
                  training : bool
                  def forward(self: __torch__.torch.nn.modules.linear.Linear,
                    input: Tensor) -> Tensor:
                    weight = self.weight
                    bias = self.bias
                    return torch.linear(input, weight, bias)
                """;
    }

    /** The source of {@code code/__torch__/fdc.py}: the top-level module class. */
    static String moduleSource(Kind kind, MlpSpec spec, TimeInput time) {
        StringBuilder s = new StringBuilder();
        String cls = kind.className;
        s.append("class ").append(cls).append("(Module):\n");
        s.append("  __parameters__ = []\n");
        s.append("  __buffers__ = []\n");
        s.append("  training : bool\n");
        int layers = spec.widths().length - 1;
        for (int i = 0; i < layers; i++) {
            s.append("  __annotations__[\"")
                    .append(2 * i)
                    .append("\"] = ")
                    .append(LINEAR_QUALIFIER)
                    .append(".Linear\n");
        }
        String h;
        if (kind == Kind.VELOCITY) {
            s.append("  def forward(self: ")
                    .append(QUALIFIER)
                    .append('.')
                    .append(cls)
                    .append(",\n");
            s.append("    x: Tensor,\n    t: Tensor) -> Tensor:\n");
            s.append("    t0 = torch.reshape(t, [-1, 1])\n");
            String feature = "t0";
            if (time == TimeInput.TAU) {
                s.append("    t1 = torch.rsub(t0, 1)\n");
                feature = "t1";
            }
            s.append("    h = torch.cat([x, ").append(feature).append("], 1)\n");
        } else {
            s.append("  def forward(self: ")
                    .append(QUALIFIER)
                    .append('.')
                    .append(cls)
                    .append(",\n");
            s.append("    x: Tensor) -> Tensor:\n");
            s.append("    h = x\n");
        }
        h = "h";
        for (int i = 0; i < layers; i++) {
            String layer = "_" + (2 * i);
            s.append("    ")
                    .append(layer)
                    .append(" = getattr(self, \"")
                    .append(2 * i)
                    .append("\")\n");
            String next = "h" + (2 * i);
            s.append("    ")
                    .append(next)
                    .append(" = (")
                    .append(layer)
                    .append(").forward(")
                    .append(h)
                    .append(", )\n");
            h = next;
            if (i < layers - 1) {
                String act = "h" + (2 * i + 1);
                s.append("    ")
                        .append(act)
                        .append(" = ")
                        .append(activation(spec.activation(), h))
                        .append('\n');
                h = act;
            }
        }
        if (kind == Kind.REWARD) {
            s.append("    return torch.reshape(").append(h).append(", [-1])\n");
        } else {
            s.append("    return ").append(h).append('\n');
        }
        return s.toString();
    }

    private static String activation(Activation a, String h) {
        switch (a) {
            case RELU:
                return "torch.relu(" + h + ")";
            case GELU:
                return "torch.gelu(" + h + ")";
            case SILU:
                return "torch.silu(" + h + ")";
            case TANH:
                return "torch.tanh(" + h + ")";
            default:
                throw new AssertionError(a);
        }
    }

    /**
     * The pickle of the module object ({@code data.pkl}): the top-level object holding one
     * Linear object per layer, whose weight and bias are float32 (or float64) tensors in storages
     * {@code data/0}, {@code data/1}, … (weight of layer 0, its bias, weight of layer 2, …).
     */
    static byte[] modulePickle(Kind kind, MlpSpec spec, boolean float64) {
        String storageType = float64 ? "DoubleStorage" : "FloatStorage";
        int[] w = spec.widths();
        PickleWriter p = new PickleWriter();
        p.global(QUALIFIER, kind.className).emptyTuple().newObj();
        p.emptyDict().mark();
        p.string("training").bool(false);
        int storage = 0;
        for (int i = 0; i + 1 < w.length; i++) {
            p.string(String.valueOf(2 * i));
            p.global(LINEAR_QUALIFIER, "Linear").emptyTuple().newObj();
            p.emptyDict().mark();
            p.string("weight");
            tensor(p, storageType, storage++, w[i + 1], w[i]);
            p.string("bias");
            tensor(p, storageType, storage++, w[i + 1]);
            p.string("training").bool(false);
            p.setItems().build();
        }
        p.setItems().build();
        return p.stop();
    }

    /** The pickle of the (empty) constants table ({@code constants.pkl}). */
    static byte[] constantsPickle() {
        return new PickleWriter().emptyTuple().stop();
    }

    /** torch._utils._rebuild_tensor_v2(storage, 0, size, stride, True, OrderedDict()). */
    private static void tensor(PickleWriter p, String storageType, int key, long... size) {
        long numel = 1;
        for (long d : size) {
            numel *= d;
        }
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.mark();
        p.mark()
                .string("storage")
                .global("torch", storageType)
                .string(String.valueOf(key))
                .string("cpu")
                .integer(numel)
                .tuple()
                .persistentId();
        p.integer(0);
        p.mark();
        for (long d : size) {
            p.integer(d);
        }
        p.tuple();
        p.mark();
        long stride = numel;
        for (long d : size) {
            stride /= d;
            p.integer(stride);
        }
        p.tuple();
        p.bool(true);
        p.global("collections", "OrderedDict").emptyTuple().reduce();
        p.tuple();
        p.reduce();
    }
}
