using System.Reflection;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

/// <summary>ARCHITECTURE.md: Domain/ is pure C#: no I/O, no framework types in its signatures.</summary>
public sealed class DomainPurityTests
{
    private static readonly string[] Forbidden = ["Microsoft.", "Npgsql", "Dapper", "MassTransit", "Grpc", "System.IO", "System.Net", "System.Data"];

    [Fact]
    public void Domain_signatures_use_no_framework_or_io_types()
    {
        var domainTypes = typeof(GuaranteeConfiguration).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(GuaranteeConfiguration).Namespace).ToList();
        Assert.True(domainTypes.Count > 40);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var used = domainTypes.SelectMany(t =>
            t.GetFields(all).Select(f => f.FieldType)
                .Concat(t.GetProperties(all).Select(p => p.PropertyType))
                .Concat(t.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))));
        var offenders = used.SelectMany(Expand).Select(t => t.FullName ?? t.Name)
            .Where(name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal))).Distinct().ToList();
        Assert.Empty(offenders);
    }

    private static IEnumerable<Type> Expand(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Expand).Append(type)
        : type.HasElementType ? Expand(type.GetElementType()!).Append(type)
        : [type];
}
