#include "abl_augment.h"
#include "handles.h"

#include <cmath>

namespace {

// Uniform in [-1, 1) per sample, drawn on the CPU generator so that the draws do not depend on the device.
at::Tensor symmetric_uniform(int64_t n) { return at::rand({n}, at::TensorOptions().dtype(at::kDouble)).mul(2).sub(1); }

at::Tensor random_crop(const at::Tensor& x, int64_t padding) {
    const auto n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    auto padded = at::constant_pad_nd(x, {padding, padding, padding, padding}, 0);
    auto cpu_long = at::TensorOptions().dtype(at::kLong);
    auto dy = at::randint(0, 2 * padding + 1, {n}, cpu_long).to(x.device());
    auto dx = at::randint(0, 2 * padding + 1, {n}, cpu_long).to(x.device());
    auto long_on_device = cpu_long.device(x.device());
    // rows[i] = dy[i] + 0..h-1 and cols[i] = dx[i] + 0..w-1: two gathers cut each sample's window.
    auto rows = dy.view({n, 1}) + at::arange(h, long_on_device).view({1, h});
    auto cols = dx.view({n, 1}) + at::arange(w, long_on_device).view({1, w});
    auto cut_rows = padded.gather(2, rows.view({n, 1, h, 1}).expand({n, c, h, w + 2 * padding}));
    return cut_rows.gather(3, cols.view({n, 1, 1, w}).expand({n, c, h, w}));
}

at::Tensor random_hflip(const at::Tensor& x) {
    const auto n = x.size(0);
    auto flip = at::rand({n}, at::TensorOptions().dtype(at::kDouble)).lt(0.5).to(x.device()).view({n, 1, 1, 1});
    return at::where(flip, x.flip({3}), x);
}

at::Tensor random_affine(const at::Tensor& x, double degrees, double translation) {
    const auto n = x.size(0), h = x.size(2), w = x.size(3);
    auto angle = degrees > 0 ? symmetric_uniform(n).mul(degrees * M_PI / 180.0) : at::zeros({n}, at::kDouble);
    auto tx = translation > 0 ? symmetric_uniform(n).mul(translation) : at::zeros({n}, at::kDouble);
    auto ty = translation > 0 ? symmetric_uniform(n).mul(translation) : at::zeros({n}, at::kDouble);
    // affine_grid maps each output position to the input position it samples, in coordinates
    // normalised to [-1, 1] per axis; the rotation is conjugated by the aspect ratio so that it
    // stays a rotation on non-square images, and a shift of a fraction f is 2f in those units.
    auto cos = angle.cos(), sin = angle.sin();
    auto aspect = static_cast<double>(h) / static_cast<double>(w);
    auto theta = at::stack({at::stack({cos, sin.mul(-aspect), tx.mul(2)}, 1),
                            at::stack({sin.div(aspect), cos, ty.mul(2)}, 1)},
                           1)
                     .to(x.options());
    auto grid = at::affine_grid_generator(theta, x.sizes(), /*align_corners=*/false);
    return at::grid_sampler(x, grid, /*bilinear*/ 0, /*zeros*/ 0, /*align_corners=*/false);
}

}  // namespace

extern "C" {

ABL_API abl_status abl_augment_batch(const abl_tensor* images, const abl_augment_options* o, abl_tensor** out) {
    return abl::guard([&] {
        abl::require(images != nullptr && o != nullptr && out != nullptr, "images, options and out must not be null");
        abl::require(images->value.dim() == 4, "augmentation needs images [N, C, H, W]");
        abl::require(o->crop_padding >= 0, "crop padding must not be negative");
        abl::require(o->rotation_degrees >= 0 && o->rotation_degrees <= 180, "rotation must be within [0, 180] degrees");
        abl::require(o->translation >= 0 && o->translation <= 1, "translation must be within [0, 1]");
        at::NoGradGuard no_grad;
        auto x = images->value.to(at::kFloat);
        if (x.size(0) > 0) {
            if (o->crop_padding > 0) {
                x = random_crop(x, o->crop_padding);
            }
            if (o->hflip != 0) {
                x = random_hflip(x);
            }
            if (o->rotation_degrees > 0 || o->translation > 0) {
                x = random_affine(x, o->rotation_degrees, o->translation);
            }
        }
        *out = abl::wrap(x.contiguous());
    });
}
}
