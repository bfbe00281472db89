// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "hearth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hearth", targets: ["hearth"]),
        .executable(name: "hearth-bench", targets: ["HearthBench"]),
        .executable(name: "hearth-sim", targets: ["HearthSimulate"]),
        .executable(name: "FuzzWire", targets: ["FuzzWire"]),
        .executable(name: "FuzzCRDT", targets: ["FuzzCRDT"]),
        .executable(name: "FuzzDNS", targets: ["FuzzDNS"]),
        .executable(name: "FuzzNode", targets: ["FuzzNode"]),
        .library(name: "HearthCRDT", targets: ["HearthCRDT"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .target(name: "HearthCrypto", dependencies: ["CSodium"]),
        .target(
            name: "HearthWire",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .target(name: "HearthCRDT"),
        .target(name: "HearthMachines", dependencies: ["HearthCRDT", "HearthCrypto"]),
        .target(name: "HearthSimulator", dependencies: ["HearthMachines", "HearthCRDT", "HearthCrypto"]),
        .executableTarget(
            name: "HearthSimulate",
            dependencies: [
                "HearthSimulator", "HearthMachines", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .systemLibrary(name: "CAvahi", providers: [.apt(["libavahi-client-dev"])]),
        .target(
            name: "HearthDiscovery", dependencies: ["CAvahi", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "HearthStore",
            dependencies: [
                "HearthCRDT", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "HearthNet",
            dependencies: [
                "HearthCrypto", "HearthWire", "HearthCRDT", "HearthMachines",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "HearthNode",
            dependencies: [
                "HearthCrypto", "HearthWire", "HearthCRDT", "HearthStore", "HearthNet", "HearthDiscovery",
                "HearthLocations", "HearthModels", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "HearthAPI",
            dependencies: [
                "HearthNode", "HearthModels", "HearthCrypto", "HearthQR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            // The web UI's files are embedded by the plugin, not compiled.
            exclude: ["WebUI"],
            plugins: ["EmbedWebUI"]
        ),
        .plugin(
            name: "EmbedWebUI", capability: .buildTool(), path: "Sources/EmbedWebUI"),
        .target(name: "HearthChatModels", path: "Sources/Apps/Chat/Models"),
        .target(
            name: "HearthChat",
            dependencies: [
                "HearthChatModels", "HearthNode", "HearthAPI", "HearthStore", "HearthCrypto", "HearthNet",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/Apps/Chat/App"),
        .target(
            name: "HearthChatCLI",
            dependencies: [
                "HearthChatModels", "HearthClient", "HearthCLISupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Apps/Chat/CLI"),
        .target(name: "HearthStatsModels", path: "Sources/Apps/Stats/Models"),
        .target(name: "HearthStatsEngine", dependencies: ["HearthStatsModels"], path: "Sources/Apps/Stats/Engine"),
        .target(
            name: "HearthStats",
            dependencies: [
                "HearthStatsModels", "HearthStatsEngine", "HearthNode", "HearthAPI", "HearthStore", "HearthCrypto",
                "HearthNet", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Apps/Stats/App"),
        .target(
            name: "HearthStatsCLI",
            dependencies: [
                "HearthStatsModels", "HearthClient", "HearthCLISupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Apps/Stats/CLI"),
        .target(name: "HearthDashboardModels", path: "Sources/Apps/Dashboard/Models"),
        .target(
            name: "HearthDashboard",
            dependencies: [
                "HearthDashboardModels", "HearthNode", "HearthAPI", "HearthNet", "HearthCrypto", "HearthModels",
                "HearthChat", "HearthChatModels", "HearthStats", "HearthStatsModels",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/Apps/Dashboard/App"),
        .target(
            name: "HearthDashboardCLI",
            dependencies: [
                "HearthDashboardModels", "HearthClient", "HearthCLISupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Apps/Dashboard/CLI"),
        .target(name: "HearthObjectsModels", path: "Sources/Apps/Objects/Models"),
        .target(
            name: "HearthObjects",
            dependencies: [
                "HearthObjectsModels", "HearthNode", "HearthAPI", "HearthStore", "HearthCrypto", "HearthCRDT",
                "HearthNet", .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/Apps/Objects/App"),
        .target(
            name: "HearthObjectsCLI",
            dependencies: [
                "HearthObjectsModels", "HearthClient", "HearthCLISupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Apps/Objects/CLI"),
        .target(
            name: "HearthCLISupport",
            dependencies: [
                "HearthClient", "HearthLocations", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "hearth",
            dependencies: [
                "HearthAPI", "HearthNode", "HearthCrypto", "HearthClient", "HearthChat", "HearthChatCLI", "HearthWire",
                "HearthCLISupport", "HearthObjects", "HearthObjectsCLI", "HearthLocations", "HearthModels", "HearthQR",
                "HearthStats", "HearthStatsCLI", "HearthDashboard", "HearthDashboardCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "HearthLocations"),
        .target(name: "HearthModels"),
        .target(name: "HearthQR"),
        .target(
            name: "HearthClient",
            dependencies: [
                "HearthLocations", .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "HearthBench",
            dependencies: [
                "HearthClient", "HearthNode", "HearthNet", "HearthCrypto", "HearthCRDT", "HearthTraces", "HearthChat",
                "HearthChatModels", "HearthLocations", "HearthMachines", "HearthStats", "HearthStatsEngine",
                "HearthStatsModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "FuzzSupport"),
        .target(name: "HearthTraces", dependencies: ["HearthCRDT"]),
        .executableTarget(name: "FuzzWire", dependencies: ["HearthWire", "HearthCrypto", "FuzzSupport"]),
        .executableTarget(name: "FuzzCRDT", dependencies: ["HearthCRDT", "FuzzSupport"]),
        .executableTarget(name: "FuzzDNS", dependencies: ["HearthDiscovery", "FuzzSupport"]),
        .executableTarget(
            name: "FuzzNode",
            dependencies: [
                "HearthNode", "HearthNet", "HearthChat", "HearthObjects", "HearthStats", "HearthStatsEngine",
                "HearthStatsModels", "FuzzSupport",
            ]),
        .testTarget(name: "HearthCryptoTests", dependencies: ["HearthCrypto"]),
        .testTarget(name: "HearthQRTests", dependencies: ["HearthQR"]),
        .testTarget(
            name: "HearthStatsEngineTests", dependencies: ["HearthStatsEngine", "HearthStatsModels"],
            exclude: ["Logs"]),
        .testTarget(name: "HearthMachinesTests", dependencies: ["HearthMachines", "HearthCRDT", "HearthCrypto"]),
        .testTarget(
            name: "HearthSimulatorTests",
            dependencies: ["HearthSimulator", "HearthMachines", "HearthCRDT", "HearthCrypto"]),
        .testTarget(name: "HearthDiscoveryTests", dependencies: ["HearthDiscovery"]),
        .testTarget(name: "HearthWireTests", dependencies: ["HearthWire", "HearthCrypto"]),
        .testTarget(
            name: "HearthCRDTTests",
            dependencies: [
                "HearthCRDT", "HearthTraces", .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "HearthStoreTests", dependencies: ["HearthStore", "HearthCRDT"]),
        .testTarget(
            name: "HearthChatTests",
            dependencies: ["HearthChat", "HearthChatModels", "HearthNode", "HearthStore", "HearthTestSupport"]),
        .target(
            name: "HearthTestSupport",
            dependencies: [
                "HearthNode", "HearthCrypto", "HearthChat",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/HearthTestSupport"),
        .testTarget(
            name: "HearthNodeTests",
            dependencies: [
                "HearthNode", "HearthNet", "HearthCrypto", "HearthWire", "HearthStore", "HearthTestSupport",
                "HearthChat", "HearthObjects", "HearthObjectsModels", "HearthCRDT",
                "HearthChatModels", "HearthStats", "HearthStatsModels", "HearthStatsEngine", "HearthDashboard",
                "HearthDashboardModels",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        .testTarget(
            name: "HearthAPITests",
            dependencies: [
                "HearthAPI", "HearthNode", "HearthTestSupport", "HearthChat", "HearthObjects", "HearthObjectsModels",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "HearthNetTests",
            dependencies: [
                "HearthNet", "HearthCrypto", "HearthWire", "HearthCRDT", "HearthTestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "HearthCLITests", dependencies: []),
    ]
)

// The simulator runs hundreds of nodes: its modules are optimised in debug builds too, so its
// tests take seconds rather than minutes.
let optimisedInDebug: Set<String> = ["HearthMachines", "HearthSimulator", "HearthSimulatorTests"]

for target in package.targets where target.type != .system && target.type != .plugin {
    var settings = target.swiftSettings ?? []
    if optimisedInDebug.contains(target.name) { settings.append(.unsafeFlags(["-O"], .when(configuration: .debug))) }
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
