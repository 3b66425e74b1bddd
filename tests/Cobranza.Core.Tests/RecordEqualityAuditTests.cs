using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Cobranza.Core.Escalation.Configuration;
using Cobranza.Core.Terms.Configuration;

namespace Cobranza.Core.Tests;

/// <summary>
/// docs/decisions/0004-record-equality.md: a public record whose state holds a collection writes its own equality
/// (the synthesized one compares the collection by reference), unless it is listed here as kept on purpose.
/// </summary>
public sealed class RecordEqualityAuditTests
{
    // Mutable configuration shapes: their lists are compared by reference on purpose (documented in each <remarks>).
    private static readonly HashSet<Type> ReferenceSemanticsOnPurpose =
    [
        typeof(EscalationPolicyDto), typeof(StageDto), typeof(ConditionsDto), typeof(ConditionGroupDto), typeof(FailedPaymentDto), typeof(SuppressionsDto), typeof(FeeDto),
        typeof(ReinstatementDto),
        typeof(TemplateCatalogDto), typeof(PaymentTermsDto), typeof(EarlyPaymentDiscountDto), typeof(CustomerPaymentSettingsDto),
        typeof(DueDateRuleDto),
    ];

    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static TheoryData<string> Assemblies => new() { "Cobranza.Core", "Cobranza.Testing" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicRecords_WithACollectionMember_DeclareTheirOwnEquality(string assemblyName)
    {
        var assembly = assemblyName == "Cobranza.Core" ? typeof(Money).Assembly : typeof(Cobranza.Testing.TestData).Assembly;
        var records = assembly.GetTypes().Where(t => t.IsVisible && IsRecord(t)).ToList();
        Assert.NotEmpty(records);
        var offenders = records
            .Where(t => !ReferenceSemanticsOnPurpose.Contains(t) && CollectionFields(t).Any() && !DeclaresOwnEquals(t))
            .Select(t => $"{t.FullName} ({string.Join(", ", CollectionFields(t).Select(f => f.Name))})")
            .ToList();
        Assert.True(offenders.Count == 0, "Records comparing a collection by reference: " + string.Join("; ", offenders));
    }

    [Fact]
    public void ReferenceSemanticsOnPurpose_EveryListedType_StillHoldsACollection()
    {
        // Keeps the allow-list honest: a type that no longer needs the exception leaves the list.
        foreach (var type in ReferenceSemanticsOnPurpose)
        {
            Assert.True(IsRecord(type), type.Name);
            Assert.NotEmpty(CollectionFields(type));
            Assert.False(DeclaresOwnEquals(type), type.Name);
        }
    }

    private static bool IsRecord(Type type)
        => type.IsClass ? type.GetMethod("<Clone>$", BindingFlags.Instance | BindingFlags.Public) is not null
            : type.IsValueType && type.GetMethod("PrintMembers", Declared) is not null && type.GetMethod("op_Equality") is not null;

    private static IEnumerable<FieldInfo> CollectionFields(Type type)
    {
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (var field in t.GetFields(Declared))
            {
                if (field.FieldType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(field.FieldType))
                {
                    yield return field;
                }
            }
        }
    }

    private static bool DeclaresOwnEquals(Type type)
    {
        var equals = type.GetMethod("Equals", BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly, [type]);
        return equals is not null && equals.GetCustomAttribute<CompilerGeneratedAttribute>() is null;
    }
}
