package org.metagov.community.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "community")
public class CommunityEntity extends PanacheEntityBase {
    @Id
    public String slug;

    @Column(name = "readable_name")
    public String readableName;

    /** Optimistic lock and the version consumers see in each CommunityState record. */
    @Version
    public long version;

    /** The id of the driver the community belongs to (issue 13); other drivers are answered as if it did not exist. */
    public String owner;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @OneToMany(mappedBy = "community", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("pluginName, createdAt")
    public List<PluginInstanceEntity> plugins = new ArrayList<>();
}
