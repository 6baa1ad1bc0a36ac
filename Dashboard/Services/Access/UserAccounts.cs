using Microsoft.AspNetCore.Identity;

namespace Ablation.Dashboard.Services.Access;

/// <summary>Creating users and changing passwords through Identity (its PasswordHasher), shared by the start-up and the command line.</summary>
public static class UserAccounts
{
    /// <summary>Creates the user; null on success, else Identity's reasons in one line.</summary>
    public static async Task<string?> CreateAsync(UserManager<IdentityUser> users, string name, string password)
    {
        var result = await users.CreateAsync(new IdentityUser(name), password);
        return result.Succeeded ? null : Describe(result);
    }

    /// <summary>
    /// Sets a new password for an existing user; null on success. The password is validated
    /// before anything is written, so a refused one leaves the old one in place.
    /// </summary>
    public static async Task<string?> SetPasswordAsync(UserManager<IdentityUser> users, IdentityUser user, string password)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var valid = await validator.ValidateAsync(users, user, password);
            if (!valid.Succeeded)
            {
                return Describe(valid);
            }
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        await users.UpdateSecurityStampAsync(user); // also saves; signs out the user's other sessions at their next check
        return null;
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
