namespace SmePlatform.Gateway.Identity;

/// <summary>
/// A staff password check, the same for the password grant and the sign-in page: a locked name is refused before its
/// password is looked at; an unknown name costs as much as a wrong password and counts towards the same lockout.
/// </summary>
public static class StaffSignIn
{
    public enum Result { SignedIn, Wrong, Locked }

    public static (Result Result, LocalUser? User, DateTimeOffset LockedUntil) Check(LocalDirectory directory, Lockout lockout,
        string username, string password)
    {
        if (lockout.IsLocked(username, out var until))
        {
            return (Result.Locked, null, until);
        }

        var user = directory.FindUser(username);
        if (!SecretHasher.Verify(password, user?.SecretHash ?? SecretHasher.Decoy) || user is null)
        {
            lockout.Failed(username);
            return (Result.Wrong, null, default);
        }

        lockout.Succeeded(username);
        return (Result.SignedIn, user, default);
    }
}
