#include "abl_loss.h"
#include "handles.h"

namespace F = torch::nn::functional;

namespace {

at::Tensor float_target_like(const at::Tensor& input, const at::Tensor& target) {
    abl::require(input.numel() == target.numel(), "regression target must have one value per output");
    return target.to(input.scalar_type()).view_as(input);
}

at::Tensor class_target(const at::Tensor& input, const at::Tensor& target) {
    abl::require(input.dim() == 2, "classification loss needs [batch, classes] input");
    abl::require(target.dim() == 1 && target.size(0) == input.size(0), "class targets must be [batch]");
    return target.scalar_type() == at::kLong ? target : target.to(at::kLong);
}

}  // namespace

extern "C" {

ABL_API abl_status abl_loss(int32_t kind, const abl_tensor* input, const abl_tensor* target, double parameter,
                            abl_tensor** out) {
    return abl::guard([&] {
        const auto& x = input->value;
        const auto& t = target->value;
        at::Tensor loss;
        switch (kind) {
            case ABL_LOSS_CROSS_ENTROPY:
                abl::require(parameter >= 0.0 && parameter <= 1.0, "label smoothing must be in [0, 1]");
                loss = F::cross_entropy(x, class_target(x, t), F::CrossEntropyFuncOptions().label_smoothing(parameter));
                break;
            case ABL_LOSS_MSE: loss = at::mse_loss(x, float_target_like(x, t)); break;
            case ABL_LOSS_L1: loss = at::l1_loss(x, float_target_like(x, t)); break;
            case ABL_LOSS_SMOOTH_L1:
                abl::require(parameter > 0.0, "smooth L1 beta must be positive");
                loss = at::smooth_l1_loss(x, float_target_like(x, t), at::Reduction::Mean, parameter);
                break;
            case ABL_LOSS_MULTI_MARGIN:
                abl::require(parameter > 0.0, "hinge margin must be positive");
                loss = at::multi_margin_loss(x, class_target(x, t), 1, parameter);
                break;
            case ABL_LOSS_EUCLIDEAN: {
                auto onehot = at::one_hot(class_target(x, t), x.size(1)).to(x.scalar_type());
                loss = (x - onehot).pow(2).sum(1).mul(0.5).mean();
                break;
            }
            default: throw std::invalid_argument("unknown loss code " + std::to_string(kind));
        }
        *out = abl::wrap(std::move(loss));
    });
}
}
