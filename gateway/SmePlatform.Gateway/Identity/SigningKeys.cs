using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// The local provider's ES256 keys, kept in a file readable by the gateway's user only (0600). The first key signs;
/// all are published in the JWKS, so a rotation adds a new key in front and drops the old one once the last
/// token it signed has expired (docs/security.md).
/// </summary>
public sealed class SigningKeys
{
    private SigningKeys(IReadOnlyList<ECDsaSecurityKey> keys) => Keys = keys;

    public IReadOnlyList<ECDsaSecurityKey> Keys { get; }

    public ECDsaSecurityKey Current => Keys[0];

    public SigningCredentials Credentials => new(Current, SecurityAlgorithms.EcdsaSha256);

    public IReadOnlyList<JsonWebKey> Published =>
    [
        .. Keys.Select(key =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(key.ECDsa.ExportParameters(false))) { KeyId = key.KeyId });
            jwk.Use = "sig";
            jwk.Alg = SecurityAlgorithms.EcdsaSha256;
            return jwk;
        }),
    ];

    public static SigningKeys LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var stored = new[] { StoredKey.From(created, "sme-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)) };
            var tmp = path + ".tmp";
            File.WriteAllText(tmp, JsonSerializer.Serialize(stored));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(tmp, path, overwrite: false);
        }

        var keys = JsonSerializer.Deserialize<StoredKey[]>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"{path} holds no signing keys.");
        if (keys.Length == 0)
        {
            throw new InvalidOperationException($"{path} holds no signing keys.");
        }

        return new SigningKeys([.. keys.Select(k => k.ToSecurityKey())]);
    }

    private sealed record StoredKey(string Kid, string D, string X, string Y)
    {
        public static StoredKey From(ECDsa ecdsa, string kid)
        {
            var p = ecdsa.ExportParameters(true);
            return new StoredKey(kid, Base64UrlEncoder.Encode(p.D), Base64UrlEncoder.Encode(p.Q.X), Base64UrlEncoder.Encode(p.Q.Y));
        }

        public ECDsaSecurityKey ToSecurityKey() => new(ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Base64UrlEncoder.DecodeBytes(D),
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(X), Y = Base64UrlEncoder.DecodeBytes(Y) },
        }))
        { KeyId = Kid };
    }
}
