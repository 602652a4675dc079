namespace SmePlatform.Testing.Tests;

/// <summary>
/// A test of the local servers themselves (infra/local): it needs this machine's PostgreSQL and RabbitMQ packages, so
/// it runs where the tests run on local servers and is skipped, saying why, where they run on containers (a machine
/// with Docker need not have the packages).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LocalServersFactAttribute : FactAttribute
{
    public LocalServersFactAttribute()
    {
        InfrastructureKind kind;
        try
        {
            kind = TestInfrastructure.Kind;
        }
        catch (InvalidOperationException)
        {
            // SME_TEST_INFRA names nothing usable: the tests that start servers report it; this one runs and shows it too.
            return;
        }

        if (kind != InfrastructureKind.Local)
            Skip = $"tests the local servers (infra/local); here the tests run on {kind} ({TestInfrastructure.KindVariable})";
    }
}
