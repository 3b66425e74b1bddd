using System;
using BenchmarkDotNet.Attributes;

namespace Cobranza.Core.Benchmarks;

/// <summary>Money arithmetic, rounding and allocation. Target: Allocate into 12 parts within 200 ns.</summary>
[MemoryDiagnoser]
public class MoneyBenchmarks
{
    private readonly Money[] _destination = new Money[12];
    private readonly decimal[] _twelveRatios = [8.33m, 8.33m, 8.33m, 8.33m, 8.33m, 8.33m, 8.33m, 8.33m, 8.33m, 8.33m, 8.33m, 8.37m];
    private Money _annual;
    private Money _a;
    private Money _b;
    private Money _unrounded;

    [GlobalSetup]
    public void Setup()
    {
        _annual = Money.Of(12_345.67m, Currency.EUR);
        _a = Money.Of(1_234.56m, Currency.EUR);
        _b = Money.Of(789.01m, Currency.EUR);
        _unrounded = Money.Of(1_234.5678m, Currency.EUR);
    }

    [Benchmark(Baseline = true)]
    public Money Add() => _a + _b;

    [Benchmark]
    public Money Round() => _unrounded.Round(MidpointRounding.AwayFromZero);

    [Benchmark]
    public Money[] Allocate12_Array() => _annual.Allocate(_twelveRatios);

    [Benchmark]
    public Money Allocate12_Span()
    {
        _annual.Allocate(_twelveRatios, _destination);
        return _destination[11];
    }

    [Benchmark]
    public Money[] Split12() => _annual.Split(12);
}
