using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmePlatform.CreditGuarantee.Tests.Integration;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Examination;

/// <summary>
/// The real CreditGuarantee app on Kestrel with its own fresh database, the shared RabbitMQ node and the register
/// stand-in, like <see cref="GuaranteeFactory"/>, but on <see cref="Clock"/> instead of the system clock.
/// </summary>
public sealed class ExaminerFactory : ServiceUnderTest<Program>
{

    public ExaminerFactory(string connectionString, RabbitMqServer rabbitMq, StubRegister register, FakeTimeProvider clock)
        : base(connectionString, rabbitMq)
    {
        Register = register;
        Clock = clock;
        UseKestrel(0);
        StartServer();
    }

    public StubRegister Register { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient ClientFor(string role, string? bankId = null, string? subject = null, string? ward = null) =>
        CreateClient().WithToken(TestTokens.Issue(role, ward: ward, bankId: bankId, subject: subject));

    public HttpClient Anonymous() => CreateClient();

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("Services:onestop:GrpcUrl", Register.GrpcUrl.ToString());
        builder.UseSetting("ServiceIdentity:TokenEndpoint", new Uri(Register.HttpUrl, "/connect/token").ToString());
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
