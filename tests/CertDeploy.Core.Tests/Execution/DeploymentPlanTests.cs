using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Planning;
using Xunit;

namespace CertDeploy.Core.Tests.Execution;

public class DeploymentPlanTests
{
    private const string Signing = "0123456789ABCDEF0123456789ABCDEF01234567";
    private const string Encryption = "89ABCDEF0123456789ABCDEF0123456789ABCDEF";

    // Every character that CustomActionData, property formatting or a naive parser could trip on.
    private static readonly string[] Hostile =
    {
        "", ";", ";;", "=", "[", "]", "[CertDeployPlan]", "{", "}", "[{}]", "\"", "'", "\n", "\r\n", "\t",
        "%", "%0041", "%%", "|", ",", "~", " ", "\\", "C:\\Program Files\\KPR\\appsettings.json",
        "Tromsø", "Ålesund æøå", "\u200E", "\0", "\uD83D\uDE00", "\uD800", "\uDFFF", "\uFFFF", "[%TEMP]",
    };

    [Fact]
    public void SerializeParse_HostileStringsInEveryField_RoundTripExactly()
    {
        for (var seed = 1; seed <= 500; seed++)
        {
            var random = new Random(seed);
            var plan = RandomPlan(random);

            var text = plan.Serialize();
            var parsed = DeploymentPlan.Parse(text);

            AssertSamePlan(plan, parsed, $"seed {seed}");
            Assert.True(parsed.Serialize() == text, $"seed {seed}: the parsed plan serialises differently");
            var unsafeCharacter = text.FirstOrDefault(c => c > 126 || c < 32 || ";=[]{}\"'".IndexOf(c) >= 0);
            Assert.True(unsafeCharacter == default(char), $"seed {seed}: U+{(int)unsafeCharacter:X4} in {text}");
        }
    }

    [Fact]
    public void Serialize_PlanWithBracketsAndSemicolons_HasNoneOfThemInItsText()
    {
        var plan = Plan(path: "C:\\a;b=c\\[x]{y}\\appsettings.json");

        var text = plan.Serialize();

        Assert.Equal(
            "CertDeployPlan,1|RunId,20261204T120000Z-1a2b3c4d|Backup,C:\\ProgramData\\CertDeploy\\Backups\\"
            + "20261204T120000Z-1a2b3c4d|Signing," + Signing + "|Encryption," + Encryption + "|Restart,1|"
            + "Timeout,600000000|Settle,50000000|File,C:\\a%003Bb%003Dc\\%005Bx%005D%007By%007D\\appsettings.json,"
            + "KPRService1,~," + Signing + ",OLD," + Encryption + "|Grant,C:\\keys\\k1," + Signing
            + ",KPRService1,NT SERVICE\\KPRService1,S-1-5-80-1|Service,KPRService1,KPRBase|Service,KPRBase|"
            + "Warning,Different organisation numbers: 123456789 and 987654321.",
            text);
    }

    [Theory]
    // empty: CustomActionData not set
    [InlineData("", "it is empty (the CustomActionData of this action was not set)")]
    // another format entirely
    [InlineData("RunId,x", "it does not start with \"CertDeployPlan\"")]
    // a later version of the format
    [InlineData("CertDeployPlan,2", "it has format version \"2\", this installer reads version 1 "
        + "(the plan was made by another CertDeploy version)")]
    // a required record missing
    [InlineData("CertDeployPlan,1|RunId,r|Backup,b|Signing,s|Encryption,e|Restart,1|Timeout,1",
        "it lacks Settle")]
    // a record with a field too few
    [InlineData("CertDeployPlan,1|Grant,k,t,s,a", "record 2 (\"Grant\") has 5 fields, expected 6")]
    // escape cut off at the end
    [InlineData("CertDeployPlan,1|RunId,ab%00", "record 2: the escape at position 3 of \"ab%00\" is cut off")]
    // escape with non-hex digits
    [InlineData("CertDeployPlan,1|RunId,%00G1", "record 2: \"%00G1\" in \"%00G1\" is not an escape of four "
        + "hexadecimal digits")]
    // a character that the serialiser always escapes
    [InlineData("CertDeployPlan,1|RunId,a;b", "record 2: the character U+003B in \"a;b\" should have been escaped")]
    // an unknown record kind
    [InlineData("CertDeployPlan,1|Delete,C:\\", "record 2 has the unknown kind \"Delete\"")]
    // a record given twice
    [InlineData("CertDeployPlan,1|RunId,a|RunId,b", "record 3: \"RunId\" appears twice")]
    // null where a value is required
    [InlineData("CertDeployPlan,1|File,p,~,~,n,~,n", "record 2 (\"File\") has no value in field 3")]
    // timeout that is not a whole number
    [InlineData("CertDeployPlan,1|RunId,r|Backup,b|Signing,s|Encryption,e|Restart,1|Timeout,-5|Settle,0",
        "Timeout is \"-5\", expected a whole number of 100-nanosecond ticks")]
    // restart flag other than 0 or 1
    [InlineData("CertDeployPlan,1|RunId,r|Backup,b|Signing,s|Encryption,e|Restart,yes|Timeout,1|Settle,0",
        "Restart is \"yes\", expected 1 or 0")]
    public void Parse_MalformedData_ThrowsNamingTheProblem(string data, string problem)
    {
        var error = Assert.Throws<CertDeployException>(() => DeploymentPlan.Parse(data));

        Assert.Equal("The deployment plan handed to this installer action is malformed: " + problem
            + ". Nothing was changed by this action. Run the installation again so that the plan is made "
            + "anew; if this happens again, keep the verbose log (/l*v) for support.", error.Message);
    }

    [Fact]
    public void Summary_ListsEveryFileGrantRestartAndWarning()
    {
        var plan = Plan(path: "C:\\KPR1\\appsettings.json");

        var summary = plan.Summary();

        Assert.Equal(string.Join(Environment.NewLine,
            "Deployment plan 20261204T120000Z-1a2b3c4d",
            "  Signing certificate:    " + Signing,
            "  Encryption certificate: " + Encryption,
            "  Backups and journal:    C:\\ProgramData\\CertDeploy\\Backups\\20261204T120000Z-1a2b3c4d",
            "  Files to update (1):",
            "    C:\\KPR1\\appsettings.json (service KPRService1)",
            "      SigningThumbprint:    (not set) -> " + Signing,
            "      EncryptionThumbprint: OLD -> " + Encryption,
            "  Private key read access (1):",
            "    C:\\keys\\k1 (signing certificate " + Signing + ") -> NT SERVICE\\KPRService1 (S-1-5-80-1), "
                + "service KPRService1",
            "  Services restarted if running and changed (2; timeout 60 s, must stay running 5 s):",
            "    KPRService1 (depends on KPRBase)",
            "    KPRBase",
            "  Warnings (1):",
            "    Different organisation numbers: 123456789 and 987654321."), summary);
    }

    [Fact]
    public void Summary_RestartOffAndUnchangedValue_SaysSo()
    {
        var plan = new DeploymentPlan("r", "b", Signing, Encryption,
            new[] { new FileChange("f", "S", Signing, Signing, Encryption, Encryption) },
            Array.Empty<KeyGrant>(), new[] { new ServiceRestart("S", Array.Empty<string>()) }, false,
            TimeSpan.FromSeconds(1), TimeSpan.Zero, Array.Empty<string>());

        var summary = plan.Summary();

        Assert.Contains("SigningThumbprint:    " + Signing + " (unchanged)", summary);
        Assert.Contains("Services NOT restarted, restart is turned off (1); they use the new certificates "
            + "from their next start:", summary);
    }

    [Theory]
    // made by Create
    [InlineData("20261204T120000Z-1a2b3c4d", true)]
    // upper-case random part: not ours
    [InlineData("20261204T120000Z-1A2B3C4D", false)]
    // no random part
    [InlineData("20261204T120000Z", false)]
    // an impossible date
    [InlineData("20261304T120000Z-1a2b3c4d", false)]
    // someone else's folder
    [InlineData("Logs", false)]
    public void RunIds_TryGetStart_AcceptsOnlyRunIds(string name, bool expected)
    {
        Assert.Equal(expected, RunIds.TryGetStart(name, out _));
    }

    [Fact]
    public void RunIds_Create_CarriesTheStartTime()
    {
        var now = new DateTimeOffset(2026, 12, 4, 12, 30, 15, TimeSpan.FromHours(1));

        Assert.True(RunIds.TryGetStart(RunIds.Create(now), out var start));
        Assert.Equal(now, start);
    }

    private static DeploymentPlan Plan(string path) => new(
        "20261204T120000Z-1a2b3c4d", "C:\\ProgramData\\CertDeploy\\Backups\\20261204T120000Z-1a2b3c4d",
        Signing, Encryption,
        new[] { new FileChange(path, "KPRService1", null, Signing, "OLD", Encryption) },
        new[] { new KeyGrant("C:\\keys\\k1", Signing, "KPRService1", "NT SERVICE\\KPRService1", "S-1-5-80-1") },
        new[]
        {
            new ServiceRestart("KPRService1", new[] { "KPRBase" }),
            new ServiceRestart("KPRBase", Array.Empty<string>()),
        },
        true, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5),
        new[] { "Different organisation numbers: 123456789 and 987654321." });

    private static DeploymentPlan RandomPlan(Random random)
    {
        string Text() => RandomText(random);
        string? Maybe() => random.Next(4) == 0 ? null : Text();
        IReadOnlyList<T> Many<T>(Func<T> make) => Enumerable.Range(0, random.Next(4)).Select(_ => make()).ToList();

        return new DeploymentPlan(Text(), Text(), Text(), Text(),
            Many(() => new FileChange(Text(), Text(), Maybe(), Text(), Maybe(), Text())),
            Many(() => new KeyGrant(Text(), Text(), Text(), Text(), Text())),
            Many(() => new ServiceRestart(Text(), Many(Text))),
            random.Next(2) == 0, TimeSpan.FromTicks(random.NextInt64(0, long.MaxValue)),
            TimeSpan.FromTicks(random.NextInt64(0, long.MaxValue)), Many(Text));
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        var parts = random.Next(5);
        for (var i = 0; i < parts; i++)
        {
            text.Append(random.Next(3) switch
            {
                0 => Hostile[random.Next(Hostile.Length)],
                1 => ((char)random.Next(0, 0x10000)).ToString(),
                _ => "KPR" + random.Next(100),
            });
        }

        return text.ToString();
    }

    private static void AssertSamePlan(DeploymentPlan expected, DeploymentPlan actual, string context)
    {
        Assert.True(expected.RunId == actual.RunId, context + ": RunId");
        Assert.True(expected.BackupFolder == actual.BackupFolder, context + ": BackupFolder");
        Assert.True(expected.SigningThumbprint == actual.SigningThumbprint, context + ": Signing");
        Assert.True(expected.EncryptionThumbprint == actual.EncryptionThumbprint, context + ": Encryption");
        Assert.True(expected.FileChanges.SequenceEqual(actual.FileChanges), context + ": FileChanges");
        Assert.True(expected.KeyGrants.SequenceEqual(actual.KeyGrants), context + ": KeyGrants");
        Assert.True(expected.Restarts.Count == actual.Restarts.Count, context + ": Restarts");
        for (var i = 0; i < expected.Restarts.Count; i++)
        {
            Assert.True(expected.Restarts[i].ServiceName == actual.Restarts[i].ServiceName, context + ": restart");
            Assert.True(expected.Restarts[i].DependsOn.SequenceEqual(actual.Restarts[i].DependsOn), context + ": deps");
        }

        Assert.True(expected.RestartEnabled == actual.RestartEnabled, context + ": RestartEnabled");
        Assert.True(expected.ServiceTimeout == actual.ServiceTimeout, context + ": ServiceTimeout");
        Assert.True(expected.SettleTime == actual.SettleTime, context + ": SettleTime");
        Assert.True(expected.Warnings.SequenceEqual(actual.Warnings), context + ": Warnings");
    }
}
