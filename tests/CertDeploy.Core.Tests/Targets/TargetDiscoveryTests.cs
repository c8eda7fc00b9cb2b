using System;
using System.Collections.Generic;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Targets;
using CertDeploy.Core.Tests.Doubles;
using Xunit;

namespace CertDeploy.Core.Tests.Targets;

public class TargetDiscoveryTests
{
    private const string KprDomainSid = "S-1-5-21-1004336348-1177238915-682003330-2001";

    private readonly FaultInjector _faults = new();
    private readonly FakeServiceControl _services;
    private readonly FakeAccountLookup _accounts;
    private readonly WindowsPathFileSystem _files = ImagePathsTests.InstalledFiles();
    private readonly RecordingLog _log = new();

    public TargetDiscoveryTests()
    {
        _services = new FakeServiceControl(_faults);
        _accounts = new FakeAccountLookup(_faults);
        _accounts.SidsByName[@"CONTOSO\svc-kpr"] = KprDomainSid;

        _services.Add(new FakeService
        {
            Name = "KPRService1",
            DisplayName = "KPR Service 1",
            ImagePath = @"""C:\Program Files\KPR\KPR.exe"" -service",
            ObjectName = @"NT SERVICE\KPRService1",
        });
        _services.Add(new FakeService
        {
            Name = "KPRService2",
            DisplayName = "KPR Service 2",
            ImagePath = @"C:\Program Files\KPR Service\KPR Service.exe -service",
            ObjectName = @"CONTOSO\svc-kpr",
        });
        _services.Add(new FakeService
        {
            Name = "DigiHelseApi",
            DisplayName = "DigiHelse API",
            ImagePath = @"""%ProgramFiles%\dotnet\dotnet.exe"" ""%ProgramFiles%\DigiHelse\DigiHelse.Api.dll""",
            ObjectName = @"NT-MYNDIGHET\NetworkService",
        });
        _services.Add(new FakeService
        {
            Name = "CosDocAuthServer",
            DisplayName = "CosDoc Authentication",
            ImagePath = @"dotnet ""%ProgramFiles(x86)%\CosDoc\Auth\CosDocAuthServer.dll""",
            ObjectName = "LocalSystem",
        });
        _services.Add(new FakeService
        {
            Name = "Spooler",
            DisplayName = "Print Spooler",
            ImagePath = @"%SystemRoot%\System32\spoolsv.exe",
            ObjectName = "LocalSystem",
        });
    }

    private TargetDiscoveryResult Discover(IReadOnlyList<string>? patterns = null,
        IServiceControl? services = null) =>
        TargetDiscovery.Discover(patterns ?? ServicePatterns.Default, services ?? _services, _accounts,
            ImagePathsTests.Environment(), _files, _log);

    [Fact]
    public void Discover_DefaultPatterns_EveryCosDocServiceWithFolderAndAccount()
    {
        var result = Discover();

        Assert.Equal(new[]
        {
            ("CosDocAuthServer", @"C:\Program Files (x86)\CosDoc\Auth", "LocalSystem", "S-1-5-18", false),
            ("DigiHelseApi", @"C:\Program Files\DigiHelse", @"NT-MYNDIGHET\NetworkService", "S-1-5-20", true),
            ("KPRService1", @"C:\Program Files\KPR", @"NT SERVICE\KPRService1",
                ServiceAccounts.VirtualAccountSid("KPRService1"), true),
            ("KPRService2", @"C:\Program Files\KPR Service", @"CONTOSO\svc-kpr", KprDomainSid, true),
        }, result.Targets.Select(t => (t.Service.Name, t.ApplicationFolder, t.Account.AccountName,
            t.Account.Sid, t.Account.NeedsGrant)));
    }

    [Fact]
    public void Discover_DefaultPatterns_WarnsOnlyAboutTheUnusedAuthenticationName()
    {
        var result = Discover();

        var finding = Assert.Single(result.Findings);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("ServicePatternUnmatched", finding.Code);
        Assert.Equal(@"Service pattern ""Authentication"" matches no service on this machine.", finding.Message);
    }

    [Fact]
    public void Discover_LogsEachTargetAtInformationAndEachPassedOverServiceAtVerbose()
    {
        Discover();

        Assert.Equal(new[]
        {
            @"Service CosDocAuthServer (CosDoc Authentication) in C:\Program Files (x86)\CosDoc\Auth "
                + "runs as LocalSystem (S-1-5-18)",
            @"Service DigiHelseApi (DigiHelse API) in C:\Program Files\DigiHelse "
                + @"runs as NT-MYNDIGHET\NetworkService (S-1-5-20)",
            @"Service KPRService1 (KPR Service 1) in C:\Program Files\KPR runs as NT SERVICE\KPRService1 ("
                + ServiceAccounts.VirtualAccountSid("KPRService1") + ")",
            @"Service KPRService2 (KPR Service 2) in C:\Program Files\KPR Service runs as CONTOSO\svc-kpr ("
                + KprDomainSid + ")",
        }, _log.At(LogLevel.Information));
        Assert.Contains("Service Spooler matches none of KPR*;DigiHelse*;Authentication;CosDocAuthServer; passed over",
            _log.At(LogLevel.Verbose));
    }

    [Fact]
    public void Discover_UnmatchedServiceIsNeverDescribed()
    {
        Discover();

        Assert.DoesNotContain("ServiceControl.Describe Spooler", _faults.Calls);
        Assert.Contains("ServiceControl.Describe KPRService1", _faults.Calls);
    }

    [Fact]
    public void Discover_ServiceMatchedByTwoPatterns_OneTarget()
    {
        var result = Discover(new[] { "KPR*", "KPRService?" });

        Assert.Equal(new[] { "KPRService1", "KPRService2" }, result.Targets.Select(t => t.Service.Name));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Discover_BadImagePathAndUnknownAccountOnDifferentServices_BothErrorsAndTheOthersResolved()
    {
        _services["KPRService2"].ImagePath = @"C:\Program Files\KPR Service\Gone.exe";
        _services["DigiHelseApi"].ObjectName = @"CONTOSO\svc-unknown";

        var result = Discover();

        Assert.Equal(new[] { "CosDocAuthServer", "KPRService1" }, result.Targets.Select(t => t.Service.Name));
        Assert.Equal(new[]
        {
            "Error ServiceAccount: Service DigiHelseApi runs as \"CONTOSO\\svc-unknown\", which Windows cannot "
                + "translate to a security identifier. Check that the account exists and that this machine can reach "
                + "its domain, or give the service another account in services.msc.",
            "Error ServiceImagePath: Service KPRService2: cannot find the program in ImagePath "
                + "\"C:\\Program Files\\KPR Service\\Gone.exe\": none of C:\\Program.exe, C:\\Program Files\\KPR.exe, "
                + "C:\\Program Files\\KPR Service\\Gone.exe exists. Check that the service is installed there; a path "
                + "with spaces should be enclosed in double quotes.",
            "Warning ServicePatternUnmatched: Service pattern \"Authentication\" matches no service on this machine.",
        }, result.Findings.Select(f => $"{f.Severity} {f.Code}: {f.Message}"));
    }

    [Fact]
    public void Discover_ServiceWithBadImagePathAndBadAccount_BothErrorsForThatService()
    {
        _services["KPRService1"].ImagePath = "KPR.exe";
        _services["KPRService1"].ObjectName = "S-1-1-0";

        var result = Discover(new[] { "KPRService1" });

        Assert.Empty(result.Targets);
        Assert.Equal(new[] { "ServiceImagePath", "ServiceAccount" }, result.Findings.Select(f => f.Code));
        Assert.All(result.Findings, f => Assert.StartsWith("Service KPRService1", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_NothingMatches_ErrorListsThePatternsAndEachPatternWarns()
    {
        var result = Discover(new[] { "KPRX*", "Kjernejournal" });

        Assert.Empty(result.Targets);
        Assert.Equal(new[]
        {
            @"Warning: Service pattern ""KPRX*"" matches no service on this machine.",
            @"Warning: Service pattern ""Kjernejournal"" matches no service on this machine.",
            "Error: No service to configure: no service on this machine matches KPRX*;Kjernejournal. Check "
                + "that the services are installed, or give their names in CERTDEPLOY_SERVICES (patterns with * "
                + "and ?, separated by semicolons).",
        }, result.Findings.Select(f => f.ToString()));
    }

    [Fact]
    public void Discover_DescribeFailsWithAnError_ErrorNamesTheServiceAndTheOthersAreResolved()
    {
        var services = new FlakyServiceControl(_services);
        services.DescribeErrors["KPRService2"] = "Service KPRService2: access is denied (Win32 error 5).";

        var result = Discover(services: services);

        Assert.Equal(new[] { "CosDocAuthServer", "DigiHelseApi", "KPRService1" },
            result.Targets.Select(t => t.Service.Name));
        var error = Assert.Single(result.Findings, f => f.IsError);
        Assert.Equal("ServiceUnreadable", error.Code);
        Assert.Equal("Service KPRService2: cannot read its configuration: "
            + "Service KPRService2: access is denied (Win32 error 5).", error.Message);
    }

    [Theory]
    [InlineData(FaultKind.Throw)]   // an unexpected failure is not turned into a finding and hidden
    [InlineData(FaultKind.Crash)]   // a dying process passes straight through
    public void Discover_UnexpectedFaultAtDescribe_PassesThrough(FaultKind kind)
    {
        _faults.Kind = kind;
        _faults.FailWhenCallStartsWith = "ServiceControl.Describe KPRService2";

        var error = Record.Exception(() => Discover());

        Assert.True(_faults.Fired);
        var expected = kind == FaultKind.Throw ? typeof(InjectedFaultException) : typeof(SimulatedCrashException);
        Assert.Equal(expected, error?.GetType());
    }

    [Fact]
    public void Discover_ServiceRemovedWhileLooking_WarningAndTheOthersResolved()
    {
        var services = new FlakyServiceControl(_services);
        services.ExtraNames.Add("KPRService3");

        var result = Discover(services: services);

        Assert.Equal(4, result.Targets.Count);
        Assert.Contains(result.Findings, f => f.ToString()
            == "Warning: Service KPRService3 was removed while CertDeploy looked at it; it is not configured.");
        Assert.DoesNotContain(result.Findings, f => f.IsError);
    }

    [Fact]
    public void Discover_OnlyMatchWasRemoved_NoTargetError()
    {
        var services = new FlakyServiceControl(new FakeServiceControl());
        services.ExtraNames.Add("KPRService3");

        var result = Discover(new[] { "KPR*" }, services);

        Assert.Equal(new[]
        {
            "Warning: Service KPRService3 was removed while CertDeploy looked at it; it is not configured.",
            "Error: No service to configure: the services matching KPR* were removed while CertDeploy looked "
                + "at them. Check that the services are installed, or give their names in CERTDEPLOY_SERVICES "
                + "(patterns with * and ?, separated by semicolons).",
        }, result.Findings.Select(f => f.ToString()));
    }

    /// <summary>
    /// Wraps the fake SCM to model what the Windows adapter reports: Describe failing with an
    /// error naming the service (access denied), and a service listed but gone when described.
    /// </summary>
    private sealed class FlakyServiceControl(FakeServiceControl inner) : IServiceControl
    {
        public Dictionary<string, string> DescribeErrors { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> ExtraNames { get; } = new();

        public IReadOnlyList<string> ListServiceNames() => inner.ListServiceNames().Concat(ExtraNames).ToList();

        public ServiceInfo? Describe(string serviceName) =>
            DescribeErrors.TryGetValue(serviceName, out var message)
                ? throw new CertDeployException(message)
                : inner.Describe(serviceName);

        public ServiceState GetState(string serviceName) => inner.GetState(serviceName);

        public void Stop(string serviceName, TimeSpan timeout) => inner.Stop(serviceName, timeout);

        public void Start(string serviceName, TimeSpan timeout) => inner.Start(serviceName, timeout);
    }
}
