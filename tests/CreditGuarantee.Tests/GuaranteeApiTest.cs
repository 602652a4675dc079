using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests;

/// <summary>
/// A test class against CreditGuarantee over HTTP: a fresh app and database per test, a gRPC stand-in for the
/// register, and the usual actors signed in: two banks and two examiners.
/// </summary>
public abstract class GuaranteeApiTest(InfrastructureFixture infra) : IAsyncLifetime
{
    protected StubRegister Register { get; private set; } = null!;

    protected CreditGuaranteeFactory Factory { get; private set; } = null!;

    /// <summary>ccb-shenyang.</summary>
    protected HttpClient Bank { get; private set; } = null!;

    /// <summary>huaxia-shenyang.</summary>
    protected HttpClient OtherBank { get; private set; } = null!;

    protected HttpClient Li { get; private set; } = null!;

    protected HttpClient Wang { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Register = await StubRegister.StartAsync();
        Factory = new CreditGuaranteeFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, Register);
        Bank = Factory.ClientFor("bank", bankId: "ccb-shenyang");
        OtherBank = Factory.ClientFor("bank", bankId: "huaxia-shenyang");
        Li = Factory.ClientFor("examiner", subject: "examiner.li");
        Wang = Factory.ClientFor("examiner", subject: "examiner.wang");
    }

    public async Task DisposeAsync()
    {
        Bank.Dispose();
        OtherBank.Dispose();
        Li.Dispose();
        Wang.Dispose();
        await Factory.DisposeAsync();
        await Register.DisposeAsync();
    }
}
